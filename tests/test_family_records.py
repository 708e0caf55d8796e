"""A relationship is entered once, holds between two different people, and reads right from
both sides in each language."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from people.kinship import own_word, relative_word
from people.models import Person, Relationship, RelationshipKind, Role
from tests.factories import make_family, make_person, make_relationship

pytestmark = pytest.mark.django_db


def words_on_record(person, language):
    with translation.override(language):
        person = Person.objects.with_family().get(pk=person.pk)
        return {member.relative.given_name: str(relative_word(member)) for member in person.family}


def test_each_side_reads_the_relationship_with_its_own_word_in_three_languages():
    husband, wife, son = make_family()
    assert words_on_record(husband, "en") == {"Зейнеп": "Wife", "Ерлан": "Son"}
    assert words_on_record(wife, "ru") == {"Касым": "Муж", "Ерлан": "Сын"}
    assert words_on_record(son, "kk") == {"Касым": "Әкесі", "Зейнеп": "Анасы"}


def test_kazakh_names_a_sibling_by_age_where_birth_years_are_known():
    elder = make_person(given_name="Асан", sex="m", birth_date="1900")
    younger = make_person(given_name="Айша", sex="f", birth_date="1910")
    make_relationship(elder, younger, "sibling")
    assert words_on_record(elder, "kk") == {"Айша": "Қарындасы"}
    assert words_on_record(younger, "kk") == {"Асан": "Ағасы"}
    assert words_on_record(younger, "en") == {"Асан": "Brother"}


def test_the_person_is_named_from_the_relatives_side_for_a_family_member_sentence():
    husband, wife, _son = make_family()
    member = next(
        m for m in Person.objects.with_family().get(pk=wife.pk).family if m.relative == husband
    )
    with translation.override("en"):
        assert str(own_word(member)) == "Wife"


def test_unpublished_relatives_are_not_family_on_the_record():
    husband = make_person(given_name="Касым")
    make_relationship(husband, make_person(given_name="Draft", status="draft"))
    assert Person.objects.with_family().get(pk=husband.pk).family == []
    assert not Person.objects.with_relatives().filter(pk=husband.pk).exists()


def test_other_relationships_are_said_in_the_archivists_words_from_each_side():
    uncle, nephew = make_person(given_name="Uncle"), make_person(given_name="Nephew")
    make_relationship(uncle, nephew, "other", first_is="uncle", second_is="nephew")
    assert words_on_record(nephew, "en") == {"Uncle": "uncle"}
    assert words_on_record(uncle, "en") == {"Nephew": "nephew"}


def test_a_person_cannot_be_their_own_relative():
    person = make_person()
    relationship = Relationship(first=person, second=person, kind=RelationshipKind.SPOUSE)
    with pytest.raises(ValidationError, match="their own relative"):
        relationship.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        relationship.save()


def test_the_same_pair_and_kind_cannot_be_entered_twice_from_either_side():
    first, second = make_person(), make_person()
    make_relationship(first, second, "spouse")
    with pytest.raises(ValidationError, match="already linked"):
        Relationship(first=second, second=first, kind="spouse").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_relationship(second, first, "spouse")
    # Another kind between the same two is a different fact.
    Relationship(first=first, second=second, kind="other", first_is="cousin").full_clean()


def test_a_parent_and_child_the_other_way_round_is_refused_with_the_reason():
    parent = make_person(given_name="Parent")
    child = make_person(given_name="Child")
    make_relationship(parent, child, "parent")
    with pytest.raises(ValidationError, match="already recorded as the parent of") as refused:
        Relationship(first=child, second=parent, kind="parent").full_clean()
    assert "both the parent and the child" in str(refused.value)


def test_a_family_member_sentence_must_name_a_linked_relative():
    husband, wife, son = make_family()
    case = wife.cases.get()
    case.full_clean()
    case.family_member_of = make_person(given_name="Stranger")
    with pytest.raises(ValidationError, match="under Family first"):
        case.full_clean()


def test_roles_follow_the_direction_of_parent_and_child():
    parent, child = make_person(), make_person()
    relationship = make_relationship(parent, child, "parent")
    assert relationship.role_of_relative(child) == Role.PARENT
    assert relationship.role_of_relative(parent) == Role.CHILD


def test_a_sentence_with_no_arrest_on_record_is_named_by_its_date():
    _husband, wife, _son = make_family()
    with translation.override("ru"):
        assert str(wife.cases.get()) == "Приговор: 1938"


def test_linking_a_relative_marks_both_records_changed_for_harvesters():
    first, second = make_person(), make_person()
    before = {person.pk: person.updated_at for person in (first, second)}
    relationship = make_relationship(first, second)
    after = dict(Person.objects.filter(pk__in=before).values_list("pk", "updated_at"))
    assert all(after[pk] > before[pk] for pk in before)
    relationship.delete()
    deleted = dict(Person.objects.filter(pk__in=before).values_list("pk", "updated_at"))
    assert all(deleted[pk] > after[pk] for pk in before)


@pytest.mark.parametrize("few_relationships", [2000, 0])
def test_people_with_relatives_are_found_whether_few_or_many_have_them(
    few_relationships, monkeypatch
):
    monkeypatch.setattr("people.models.records.FEW_RELATIONSHIPS", few_relationships)
    husband, wife, son = make_family()
    alone = make_person(given_name="Alone")
    draft_wife = make_person(given_name="Draft", status="draft")
    make_relationship(alone, draft_wife)
    found = set(Person.objects.published().with_relatives())
    assert found == {husband, wife, son}
