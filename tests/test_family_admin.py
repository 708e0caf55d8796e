"""Archivists enter a family on any one of its people's records: a relationship is entered
once, shows on both records, and a mistake is explained on its row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.admin.family import relatives_of
from people.models import Person, Relationship
from tests.factories import make_case, make_family, make_person, make_relationship, make_source
from tests.test_history import form_data

pytestmark = pytest.mark.django_db

AS_FIRST, AS_SECOND = "relationships_as_first", "relationships_as_second"


def change_url(person):
    return f"/admin/people/person/{person.pk}/change/"


def with_row(data, prefix, **fields):
    """The form's data with one more row in the family table `prefix`."""
    number = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(number + 1)
    for name, value in fields.items():
        data[f"{prefix}-{number}-{name}"] = str(value)
    return data


def post(client, person, data):
    return client.post(change_url(person), data)


def row_errors(response, prefix):
    """Every error shown on the rows of one family table."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [str(error) for form in inline.formset.forms for error in form.errors.values()]
    raise AssertionError(f"no table {prefix}")


def test_a_son_added_on_the_fathers_record_shows_on_the_sons_and_is_edited_there(
    admin_client,
):
    father = make_person(surname="Ахметов", given_name="Касым")
    son = make_person(surname="Ахметов", given_name="Ерлан")
    book = make_source(title="Book of Memory")
    data = with_row(
        form_data(admin_client.get(change_url(father))),
        AS_FIRST,
        second=son.pk,
        kind="parent",
        source=book.pk,
        locator="p. 214",
    )
    response = post(admin_client, father, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    relationship = Relationship.objects.get()
    assert (relationship.first, relationship.second, relationship.kind) == (father, son, "parent")

    page = admin_client.get(change_url(son))
    text = page.content.decode()
    assert "parent of this person (the relative is the father or mother)" in text
    assert "p. 214" in text
    data = form_data(page)
    data[f"{AS_SECOND}-0-notes"] = "Named in the son's letter."
    assert post(admin_client, son, data).status_code == 302
    relationship.refresh_from_db()
    assert relationship.notes == "Named in the son's letter."
    assert Relationship.objects.count() == 1


def test_a_father_and_a_wife_are_added_on_the_sons_and_husbands_records(admin_client):
    son, father, wife = make_person(), make_person(given_name="Касым"), make_person()
    data = with_row(form_data(admin_client.get(change_url(son))), AS_SECOND, first=father.pk,
                    kind="parent")  # fmt: skip
    assert post(admin_client, son, data).status_code == 302
    data = with_row(form_data(admin_client.get(change_url(father))), AS_FIRST, second=wife.pk,
                    kind="spouse", start="1925")  # fmt: skip
    assert post(admin_client, father, data).status_code == 302
    assert set(Relationship.objects.values_list("first", "second", "kind")) == {
        (father.pk, son.pk, "parent"),
        (father.pk, wife.pk, "spouse"),
    }


def test_words_read_from_this_persons_side_in_either_table(admin_client):
    nephew, uncle = make_person(), make_person()
    data = with_row(form_data(admin_client.get(change_url(nephew))), AS_SECOND, first=uncle.pk,
                    kind="other", second_is="nephew", first_is="uncle")  # fmt: skip
    assert post(admin_client, nephew, data).status_code == 302
    relationship = Relationship.objects.get()
    assert relationship.words_for_relative(nephew) == "uncle"
    page = admin_client.get(change_url(nephew)).content.decode()
    assert "The relative is this person&#x27;s (in words)" in page


@pytest.mark.parametrize(
    ("existing", "prefix", "row", "message"),
    [
        # The same spouses entered the other way round.
        ("spouse", AS_SECOND, {"kind": "spouse"}, "already linked in this way"),
        # The child entered as the parent of their parent.
        ("parent", AS_SECOND, {"kind": "parent"}, "both the parent and the child"),
    ],
)
def test_a_pair_entered_again_is_explained_on_its_row(admin_client, existing, prefix, row, message):
    parent, child = make_person(), make_person()
    make_relationship(parent, child, existing)
    data = with_row(form_data(admin_client.get(change_url(parent))), prefix, first=child.pk,
                    **row)  # fmt: skip
    response = post(admin_client, parent, data)
    assert response.status_code == 200
    assert any(message in error for error in row_errors(response, prefix))
    assert Relationship.objects.count() == 1


def test_nobody_is_their_own_relative(admin_client):
    person = make_person()
    data = with_row(form_data(admin_client.get(change_url(person))), AS_FIRST,
                    second=person.pk, kind="sibling")  # fmt: skip
    response = post(admin_client, person, data)
    assert response.status_code == 200
    assert any("own relative" in error for error in row_errors(response, AS_FIRST))
    assert not Relationship.objects.exists()


@pytest.mark.parametrize("second_table", [AS_FIRST, AS_SECOND])
@pytest.mark.parametrize("kind", ["spouse", "parent"])
def test_the_same_pair_twice_in_one_submit_is_explained_not_saved(admin_client, second_table,
                                                                  kind):  # fmt: skip
    person, relative = make_person(), make_person()
    data = form_data(admin_client.get(change_url(person)))
    with_row(data, AS_FIRST, second=relative.pk, kind=kind)
    relative_field = "second" if second_table == AS_FIRST else "first"
    with_row(data, second_table, **{relative_field: relative.pk, "kind": kind})
    response = post(admin_client, person, data)
    assert response.status_code == 200
    assert any("twice in what you sent" in error for error in row_errors(response, second_table))
    assert not Relationship.objects.exists()


def test_a_family_member_sentence_names_only_a_relative_of_this_person(admin_client):
    husband, wife, son = make_family(status="draft")
    stranger = make_person(surname="Чужой")
    page = admin_client.get(change_url(wife))
    cases = next(i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "cases")
    field = cases.formset.forms[0].fields["family_member_of"]
    assert set(field.queryset) == {husband, son}  # drafts too: the admin sees them

    data = form_data(page)
    data["cases-0-family_member_of"] = str(stranger.pk)
    response = post(admin_client, wife, data)
    assert response.status_code == 200
    assert "Only a relative linked to this person under Family" in response.content.decode()
    assert wife.cases.get().family_member_of == husband


def test_a_person_being_added_has_no_relative_to_name_yet(admin_client):
    page = admin_client.get("/admin/people/person/add/")
    cases = next(i for i in page.context["inline_admin_formsets"] if i.formset.prefix == "cases")
    assert not cases.formset.empty_form.fields["family_member_of"].queryset.exists()


def test_a_case_names_a_relative_linked_from_the_other_side(admin_client):
    son, mother = make_person(), make_person()
    make_relationship(mother, son, "parent")
    make_case(son)
    data = form_data(admin_client.get(change_url(son)))
    data["cases-0-family_member_of"] = str(mother.pk)
    assert post(admin_client, son, data).status_code == 302
    assert son.cases.get().family_member_of == mother


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_person_changelist_does_not_grow_with_relatives(
    admin_client, django_assert_max_num_queries
):
    make_relationship(make_person(), make_person(), "spouse")
    with_one = count_queries(admin_client, "/admin/people/person/")
    for _number in range(20):
        make_relationship(make_person(), make_person(), "parent", source=make_source())
    with django_assert_max_num_queries(with_one):
        admin_client.get("/admin/people/person/")


def test_the_change_form_grows_only_by_the_relatives_it_names(
    admin_client, django_assert_max_num_queries
):
    """Each row's autocomplete shows the relative chosen: Django reads that one person per
    row (and a source per row that has one); nothing else grows with the family."""
    person = make_person()
    book = make_source()
    make_relationship(person, make_person(), "parent", source=book)
    with_one = count_queries(admin_client, change_url(person))
    for number in range(29):
        first, second = (person, make_person()) if number % 2 else (make_person(), person)
        make_relationship(first, second, "sibling", source=book)
    with django_assert_max_num_queries(with_one + 29 * 2):
        admin_client.get(change_url(person))


def test_a_person_being_added_is_entered_with_a_relative(admin_client):
    from tests.test_admin_person_form import management_forms

    mother = make_person(surname="Цой", given_name="Мария")
    data = {
        "surname": "Цой",
        "given_name": "Валентина",
        "status": "draft",
        **management_forms(relationships_as_second=1),
        "relationships_as_second-0-first": str(mother.pk),
        "relationships_as_second-0-kind": "parent",
    }
    response = admin_client.post("/admin/people/person/add/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    relationship = Relationship.objects.get()
    assert relationship.first == mother and relationship.second.given_name == "Валентина"


def test_a_whole_family_deleted_at_once_goes_with_the_wifes_sentence(admin_client):
    husband, wife, son = make_family()
    response = admin_client.post(
        "/admin/people/person/",
        {"action": "delete_selected", "_selected_action": [husband.pk, wife.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Person.objects.all()) == [son]


def test_a_husband_named_by_his_wifes_sentence_is_kept_with_the_reason(admin_client):
    husband, wife, son = make_family()
    page = admin_client.get(f"/admin/people/person/{husband.pk}/delete/").content.decode()
    assert "Cannot delete person" in page and "Sentence of 1938" in page
    admin_client.post(f"/admin/people/person/{husband.pk}/delete/", {"post": "yes"})
    assert Person.objects.filter(pk=husband.pk).exists()


def shown_errors(response, prefix):
    """Every error on the rows of one family table, on a field or on the row as a whole."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [
                message
                for form in inline.formset.forms
                for messages in form.errors.values()
                for message in messages
            ]
    raise AssertionError(f"no table {prefix}")


@pytest.mark.parametrize(("prefix", "relative_field"), [(AS_FIRST, "second"), (AS_SECOND, "first")])
def test_oneself_as_relative_is_refused_with_the_reason_on_the_row(admin_client, prefix,
                                                                   relative_field):  # fmt: skip
    """In the second table the person is the hidden field: the reason is on the row, once."""
    person = make_person()
    data = with_row(form_data(admin_client.get(change_url(person))), prefix,
                    **{relative_field: person.pk, "kind": "parent"})  # fmt: skip
    response = post(admin_client, person, data)
    assert response.status_code == 200
    table = next(i for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix)
    assert [str(e) for f in table.formset.forms for e in f.non_field_errors()] == [
        "A person cannot be their own relative."
    ]
    assert shown_errors(response, prefix) == ["A person cannot be their own relative."]
    assert "A person cannot be their own relative." in response.content.decode()
    assert not Relationship.objects.exists()


@pytest.mark.parametrize(
    ("existing", "kind", "message"),
    [
        ("spouse", "spouse", "These two people are already linked in this way."),
        ("parent", "parent", "nobody can be both the parent and the child"),
    ],
)
def test_a_saved_pair_entered_again_gets_one_message_and_no_keep_one_row(admin_client, existing,
                                                                        kind, message):  # fmt: skip
    """The saved row is shown in the first table, the new one in the second: only one row
    was sent, so “twice in what you sent … keep one row” would mislead."""
    person, relative = make_person(), make_person()
    make_relationship(person, relative, existing)
    data = with_row(form_data(admin_client.get(change_url(person))), AS_SECOND,
                    first=relative.pk, kind=kind)  # fmt: skip
    response = post(admin_client, person, data)
    assert response.status_code == 200
    errors = shown_errors(response, AS_SECOND) + shown_errors(response, AS_FIRST)
    assert len(errors) == 1 and message in errors[0], errors
    assert Relationship.objects.count() == 1


def test_a_saved_row_edited_and_the_same_pair_added_again_is_still_caught(admin_client):
    person, relative, other = make_person(), make_person(), make_person()
    make_relationship(person, other, "spouse")
    data = form_data(admin_client.get(change_url(person)))
    data[f"{AS_FIRST}-0-second"] = str(relative.pk)  # the saved row now names `relative`
    with_row(data, AS_SECOND, first=relative.pk, kind="spouse")
    response = post(admin_client, person, data)
    assert response.status_code == 200
    assert any("twice in what you sent" in error for error in shown_errors(response, AS_SECOND))


def test_the_relatives_offered_for_a_sentence_are_read_by_id_not_by_a_scan_of_everyone():
    husband, wife, son = make_family()
    make_person(surname="Бөтен")  # on the portal, but nobody's relative
    offered = relatives_of(wife)
    assert sorted(person.pk for person in offered) == sorted([husband.pk, son.pk])
    if connection.vendor == "sqlite":
        # A million people: the change form must not read them all for each case.
        assert "SCAN people_person" not in offered.explain()


def test_the_relative_of_a_sentence_cannot_be_added_or_changed_from_the_case(admin_client):
    """A person added from there would be refused and left behind as a stray record."""
    husband, wife, son = make_family(status="draft")
    page = admin_client.get(change_url(wife)).content.decode()
    assert 'id="id_cases-0-family_member_of"' in page
    for action in ("add", "change", "delete", "view"):
        assert f'id="{action}_id_cases-0-family_member_of"' not in page
    assert 'id="add_id_cases-0-arresting_body"' in page  # other fields keep theirs


def test_the_family_tables_date_columns_read_as_dates_in_russian(admin_client):
    """“from” is also a testimony's former status: the tables' columns are dates."""
    person = make_person()
    make_relationship(person, make_person(), "spouse", start="1925")
    page = admin_client.get(change_url(person), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Начало" in page and "Конец" in page
    assert "Прежний статус" not in page


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("For “other” only, e.g. uncle", "көкесі"),
        ("These two people are already linked in this way.", "бұрыннан"),
        ("Linked as relatives from testimony %(reference)s.", "естелігі"),
        ("%(relative)s is linked to %(person)s.", "%(person)s және %(relative)s"),
    ],
)
def test_the_kazakh_admin_words(message, words):
    from django.utils import translation

    with translation.override("kk"):
        assert words in translation.gettext(message)


def test_each_family_table_says_its_rule_before_any_row_and_is_not_a_wide_table(admin_client):
    """Shown, not in a tooltip: which table a father goes in, which a son. Stacked, two
    fields a line: as a table its ten columns were three times the page's width."""
    page = admin_client.get(change_url(make_person())).content.decode()
    for prefix, rule in [
        (AS_FIRST, "To add a father or mother, use the next table."),
        (AS_SECOND, "To add a son or daughter, use the table before."),
    ]:
        paragraph = page.split(f'id="{prefix}-rule">', 1)[1].split("</p>", 1)[0]
        assert rule in paragraph
        group = page.split(f'id="{prefix}-group"', 1)[1][:200]
        assert 'data-inline-type="stacked"' in group


def test_a_moderators_reversed_parent_link_is_refused_with_one_reason(admin_user):
    from django.core.exceptions import ValidationError

    from people.models import Role
    from people.services import relationship_link

    parent, child = make_person(), make_person()
    make_relationship(parent, child, "parent")
    with pytest.raises(ValidationError) as refusal:
        relationship_link(person=parent, relative=child, role=Role.PARENT, user=admin_user)
    assert len(refusal.value.messages) == 1
    assert "both the parent and the child" in refusal.value.messages[0]
