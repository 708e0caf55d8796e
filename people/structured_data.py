from memorial.base.structured_data import link, schema_date, summary

from .models import Role

# The schema.org property for what each relative is to the person.
PROPERTY_OF_ROLE = {
    Role.SPOUSE: "spouse",
    Role.PARENT: "parent",
    Role.CHILD: "children",
    Role.SIBLING: "sibling",
    Role.OTHER: "relatedTo",
}


def person_json_ld(person, absolute_url):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": absolute_url(person.get_absolute_url()),
        "url": absolute_url(person.get_absolute_url()),
        "name": person.display_name,
        "familyName": person.surname,
        "givenName": person.given_name or None,
        "additionalName": person.patronymic or None,
        "alternateName": alternate_names(person),
        "birthDate": schema_date(person.birth_date),
        "birthPlace": person.birth_place or None,
        "deathDate": schema_date(person.death_date),
        "deathPlace": person.death_place or None,
        "nationality": person.nationality or None,
        "jobTitle": person.occupation or None,
        "description": summary(person.biography),
        **relatives(person, absolute_url),
    }
    portrait = person.portrait
    if portrait is not None:
        data["image"] = absolute_url(portrait.image.url)
    return {key: value for key, value in data.items() if value is not None}


def alternate_names(person):
    """The recorded name and every variant, each once, but the name the page shows."""
    names = dict.fromkeys([person.full_name, *map(str, person.name_variants.all())])
    names.pop(person.display_name, None)
    return list(names) or None


def relatives(person, absolute_url):
    """Each published relative under the property for what they are to the person. Reads
    Person.family, which leaves out every relative who is not published, from the relations
    the biography prefetched."""
    found = {}
    for member in person.family:
        relative = member.relative
        found.setdefault(PROPERTY_OF_ROLE[member.role], []).append(
            link("Person", relative, absolute_url, name=relative.display_name)
        )
    return found
