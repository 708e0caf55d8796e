"""The forms of the name copied onto people before the rule that a surname alone is no
heading: a person recorded with a given name is not headed on /kk/ by a surname alone."""

import pytest

from tests.test_pages_migration import leaf_nodes, migrate

BEFORE = [("people", "0030_text_search")]


@pytest.fixture
def people_copied_by_0029(transactional_db):
    """People as 0029 left them: the first variant of each kind copied, whatever it gave."""
    old = migrate(BEFORE)
    Person = old.get_model("people", "Person")
    NameVariant = old.get_model("people", "NameVariant")
    akhmet = Person.objects.create(
        surname="Baitursynov",
        given_name="Akhmet",
        kazakh_name="Байтұрсынұлы",
        russian_name="Байтурсынов",
        latin_name="Baitursynuly Akhmet",
    )
    for kind, surname, given_name in [
        ("kazakh", "Байтұрсынұлы", ""),
        ("kazakh", "Байтұрсынұлы", "Ахмет"),
        ("russian", "Байтурсынов", ""),
        ("latin", "Baitursynuly", "Akhmet"),
    ]:
        NameVariant.objects.create(
            person=akhmet, kind=kind, surname=surname, given_name=given_name, script="cyrl"
        )
    # Where the record has no given name, a surname alone is the whole name.
    unknown = Person.objects.create(surname="Ахметов", kazakh_name="Ахметов")
    NameVariant.objects.create(person=unknown, kind="kazakh", surname="Ахметов", script="cyrl")
    yield akhmet.pk, unknown.pk
    migrate(leaf_nodes())


def test_a_surname_alone_no_longer_heads_a_person_with_a_given_name(people_copied_by_0029):
    migrate(leaf_nodes())
    from people.models import Person

    akhmet, unknown = (Person.objects.get(pk=pk) for pk in people_copied_by_0029)
    assert akhmet.kazakh_name == "Байтұрсынұлы Ахмет"
    assert akhmet.russian_name == ""
    assert akhmet.latin_name == "Baitursynuly Akhmet"
    assert unknown.kazakh_name == "Ахметов"
