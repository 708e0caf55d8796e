"""Long lists page on without counting every row."""

import pytest

from memorial.base.pagination import CappedCountPaginator
from people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)


def test_a_list_longer_than_the_cap_says_more_and_pages_on(client, small_cap, monkeypatch):
    monkeypatch.setattr("people.views.PersonListView.paginate_by", 2)
    for number in range(7):
        make_person(surname=f"Person{number}")
    first = client.get("/en/people/").content.decode()
    assert "More than 1,000 names." in first
    assert ">Page 1<" in first and 'rel="next"' in first
    last = client.get("/en/people/", {"page": 4}).content.decode()
    assert "Person6" in last and 'rel="next"' not in last
    # Beyond the end, and odd numbers, show the first page rather than an error.
    for odd in ["99", "0", "x"]:
        assert "Person0" in client.get("/en/people/", {"page": odd}).content.decode()


def test_a_short_list_is_counted_exactly(client, small_cap):
    make_person(surname="Only")
    page = client.get("/en/people/").content.decode()
    assert "1 name found" in page


def test_the_count_query_stops_at_the_cap(django_assert_max_num_queries, small_cap):
    for number in range(6):
        make_person(surname=f"P{number}")
    paginator = CappedCountPaginator(Person.objects.order_by("pk"), 2)
    assert paginator.count == 4 and paginator.is_capped and paginator.num_pages is None
    assert [p.surname for p in paginator.page(3).object_list] == ["P4", "P5"]
    assert not paginator.page(3).has_next()
