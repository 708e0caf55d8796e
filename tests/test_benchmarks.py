"""The benchmark command runs end to end on a small database and prints its tables."""

from io import StringIO

import pytest
from django.core.management import call_command

from people.models import Person

pytestmark = pytest.mark.django_db


def test_synthetic_people_are_marked_and_deleted_in_one_command():
    call_command("generate_synthetic_people", "--count", "30", stdout=StringIO(), verbosity=0)
    assert Person.objects.filter(is_synthetic=True).count() == 30
    assert Person.objects.filter(is_synthetic=True, name_variants__isnull=False).exists()
    call_command("generate_synthetic_people", "--total", "30", stdout=StringIO(), verbosity=0)
    assert Person.objects.count() == 30
    call_command("generate_synthetic_people", "--delete", stdout=StringIO(), verbosity=0)
    assert not Person.objects.exists()


def test_the_benchmark_prints_search_and_page_figures():
    call_command("generate_synthetic_people", "--count", "40", stdout=StringIO(), verbosity=0)
    output = StringIO()
    call_command("benchmark", "--queries", "8", stdout=output)
    text = output.getvalue()
    assert "| name search (matcher) |" in text
    assert "| name search (naive icontains) |" in text
    assert "| biography page (rendered, not from the cache) |" in text
    assert "| admin person changelist, searched |" in text


def test_the_import_benchmark_refuses_a_database_that_holds_people():
    from django.core.management import CommandError

    call_command("generate_synthetic_people", "--count", "1", stdout=StringIO(), verbosity=0)
    with pytest.raises(CommandError, match="empty database of its own"):
        call_command("benchmark_import", "--rows", "5", stdout=StringIO())
