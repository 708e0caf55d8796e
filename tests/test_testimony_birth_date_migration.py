"""The testimony form asked for a birth year before it took a date as the family writes
it: every year already sent is kept, as that year."""

import pytest

from tests.test_pages_migration import leaf_nodes, migrate

BEFORE = [("people", "0026_text_entries")]


@pytest.fixture
def testimonies_with_years(transactional_db):
    old = migrate(BEFORE)
    Testimony = old.get_model("people", "Testimony")
    common = {"submitter_name": "Айгерім", "story": "x", "consent_processing": True}
    with_year = Testimony.objects.create(reference="T-1", subject_birth_year=1898, **common)
    without = Testimony.objects.create(reference="T-2", subject_birth_year=None, **common)
    yield with_year.pk, without.pk
    migrate(leaf_nodes())


def test_a_birth_year_already_sent_is_kept_as_the_birth_date(testimonies_with_years):
    migrate(leaf_nodes())
    from people.models import Testimony

    with_year, without = testimonies_with_years
    assert str(Testimony.objects.get(pk=with_year).subject_birth_date) == "1898"
    assert Testimony.objects.get(pk=without).subject_birth_date is None
