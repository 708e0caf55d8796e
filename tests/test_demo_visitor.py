"""Done when: in each language a visitor finds every person of the demo content by a
Cyrillic and by a Latin spelling, reads the biography and reaches the places they belong to."""

import pytest
from django.core.management import call_command

from memorial.base.text import transliterate
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people():
    call_command("load_demo", verbosity=0)
    return list(Person.objects.prefetch_related("name_variants"))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_demo_person_is_found_by_cyrillic_and_latin_spellings(client, demo_people, language):
    for person in demo_people:
        russian = next(v for v in person.name_variants.all() if v.kind == "russian")
        kazakh = next(v for v in person.name_variants.all() if v.kind == "kazakh")
        spellings = {
            str(russian),  # Russian Cyrillic, as a Russian record has it
            str(kazakh),  # Kazakh Cyrillic
            person.surname,  # the seed's Latin spelling
            transliterate(str(russian)),  # a plain Latin transliteration of the Russian form
        }
        for spelling in spellings:
            response = client.get(f"/{language}/people/", {"q": spelling})
            found = list(response.context["page_obj"].object_list)
            assert person in found, (language, spelling)

        page = client.get(person.get_absolute_url().replace("/en/", f"/{language}/", 1))
        assert page.status_code == 200
        content = page.content.decode()
        assert person.full_name in content
        if person.burial_site:
            site_url = person.burial_site.get_absolute_url().replace("/en/", f"/{language}/", 1)
            assert f'href="{site_url}"' in content
            assert client.get(site_url).status_code == 200
