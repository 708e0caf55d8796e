from memorial.base.structured_data import schema_date
from memorial.base.text import strip_html


def person_json_ld(person, absolute_url):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": absolute_url(person.get_absolute_url()),
        "url": absolute_url(person.get_absolute_url()),
        "name": person.full_name,
        "familyName": person.surname,
        "givenName": person.given_name or None,
        "additionalName": person.patronymic or None,
        "alternateName": [str(variant) for variant in person.name_variants.all()] or None,
        "birthDate": schema_date(person.birth_date),
        "birthPlace": person.birth_place or None,
        "deathDate": schema_date(person.death_date),
        "deathPlace": person.death_place or None,
        "nationality": person.nationality or None,
        "jobTitle": person.occupation or None,
        "description": strip_html(person.biography)[:500] or None,
    }
    portrait = person.portrait
    if portrait is not None:
        data["image"] = absolute_url(portrait.image.url)
    return {key: value for key, value in data.items() if value is not None}
