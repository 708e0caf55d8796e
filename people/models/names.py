"""Spelling-blind keys of every recorded form of a name, for search (see people/matching.py)."""

from django.db import models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _

from ..matching import exact_key, skeleton, surname_stem, words_of


class StemField(models.CharField):
    """A surname stem; on PostgreSQL `__similar` finds near spellings through pg_trgm."""


@StemField.register_lookup
class Similar(Lookup):
    lookup_name = "similar"

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            raise NotImplementedError("similar spellings are found in Python on this database")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", (*lhs_params, *rhs_params)


class SurnameStem(models.Model):
    """Each distinct surname stem once: near spellings are looked up among these few
    thousand, not among millions of names."""

    stem = StemField(primary_key=True, max_length=120)

    class Meta:
        verbose_name = _("surname stem")
        verbose_name_plural = _("surname stems")

    def __str__(self):
        return self.stem


class GivenName(models.Model):
    """Each distinct first given name once (as a skeleton): near spellings of a given name
    are looked up among these, then found in the name keys through their index."""

    name = StemField(primary_key=True, max_length=60)

    class Meta:
        verbose_name = _("given name")
        verbose_name_plural = _("given names")

    def __str__(self):
        return self.name


def name_key_columns(surname, given, patronymic):
    """The spelling-blind forms of one name that a NameKey row holds (the bulk import
    writes the same columns without making NameKey objects)."""
    given_words = words_of(given)
    return {
        "surname": surname_stem(" ".join(words_of(surname)) or surname)[:120],
        "given": " ".join(skeleton(word) for word in given_words)[:120],
        "given_first": skeleton(given_words[0])[:60] if given_words else "",
        "patronymic": skeleton(patronymic)[:120],
        "exact": exact_key(surname, given, patronymic)[:400],
    }


class NameKey(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="name_keys")
    is_main = models.BooleanField(default=False)
    # A copy of the person's publication, kept by Person.save: public search reads only
    # these rows and need not ask the people table which may be shown.
    is_published = models.BooleanField(default=False)
    surname = StemField(max_length=120)
    given = models.CharField(max_length=120, blank=True)
    # The first given name alone: with the surname, the index a full-name search narrows by.
    given_first = StemField(max_length=60, blank=True)
    patronymic = models.CharField(max_length=120, blank=True)
    exact = models.CharField(max_length=400)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # Covers the whole search query: PostgreSQL answers it from the index alone
            # (an index-only scan), however scattered the rows of a common surname are.
            models.Index(
                fields=["surname", "given_first"],
                include=["person_id", "is_published", "is_main", "given", "patronymic", "exact"],
                name="namekey_search",
            )
        ]
        verbose_name = _("name search key")
        verbose_name_plural = _("name search keys")

    def __str__(self):
        return self.exact

    @classmethod
    def build(cls, person_id, surname, given, patronymic, is_main, is_published):
        return cls(
            person_id=person_id,
            is_main=is_main,
            is_published=is_published,
            **name_key_columns(surname, given, patronymic),
        )

    @classmethod
    def create_for(cls, person, variants):
        published = person.is_published
        keys = [
            cls.build(
                person.pk, person.surname, person.given_name, person.patronymic, True, published
            )
        ]
        keys += [
            cls.build(
                person.pk, variant.surname, variant.given_name, variant.patronymic, False, published
            )
            for variant in variants
        ]
        cls.save_keys(keys)

    @classmethod
    def save_keys(cls, keys, batch_size=5000):
        cls.objects.bulk_create(keys, batch_size=batch_size)
        stems = {key.surname for key in keys if key.surname}
        SurnameStem.objects.bulk_create(
            [SurnameStem(stem=stem) for stem in stems], ignore_conflicts=True, batch_size=batch_size
        )
        names = {key.given_first for key in keys if key.given_first}
        GivenName.objects.bulk_create(
            [GivenName(name=name) for name in names], ignore_conflicts=True, batch_size=batch_size
        )
