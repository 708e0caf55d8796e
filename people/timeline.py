"""A person's life as one ordered list of events, for the biography page."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from memorial.base.dates import PartialDate

# Where an undated event belongs in a life, relative to the dated ones.
BIRTH, ARREST, SENTENCE, CAMP, DEPORTATION, RELEASE, DEATH, BURIAL, REHABILITATION = range(9)


@dataclass
class Event:
    phase: int
    date: PartialDate | None
    title: str
    detail: str = ""
    link: object = None  # a published record the event links to

    @property
    def machine_date(self):
        """An HTML datetime value, only where the date is exact to its precision."""
        date = self.date
        if date is None or date.approximate or date.end is not None or date.season:
            return ""
        return str(date)


def _join(*parts):
    return ", ".join(str(part) for part in parts if part)


def _published(record):
    return record if record is not None and record.is_published else None


def biography_timeline(person):
    """The person's life, from birth to rehabilitation, each event once in its place."""
    events = []
    if person.birth_date or person.birth_place:
        events.append(Event(BIRTH, person.birth_date, _("Born"), person.birth_place))
    for case in person.cases.all():
        events += case_events(case)
    for imprisonment in person.loaded("imprisonments"):
        events += camp_events(imprisonment)
    for record in person.loaded("deportation_records"):
        events += deportation_events(record)
    events += end_of_life_events(person)
    return order_events(events)


def case_events(case):
    """An arrest, its sentence and its rehabilitation, as far as the case records them."""
    events = []
    if case.arrest_date or case.arrest_place or case.arresting_body:
        where = _join(case.arrest_place, case.arresting_body)
        events.append(Event(ARREST, case.arrest_date, _("Arrested"), where))
    if case.sentence_date or case.sentence_kind or case.sentencing_body:
        sentence = _join(case.get_sentence_kind_display(), case.term_display)
        articles = ", ".join(article.code for article in case.articles.all())
        charge = _("art. %(articles)s") % {"articles": articles} if articles else ""
        detail = _join(case.sentencing_body, charge, sentence)
        events.append(Event(SENTENCE, case.sentence_date, _("Sentenced"), detail))
    if case.is_rehabilitated:
        events.append(
            Event(
                REHABILITATION,
                case.rehabilitation_date,
                _("Rehabilitated"),
                _join(case.rehabilitation_body),
            )
        )
    return events


def camp_events(imprisonment):
    """The term in a camp; a camp not yet published is not named, the term itself is kept."""
    camp = _published(imprisonment.camp)
    name = camp.name if camp else ""
    events = [Event(CAMP, imprisonment.start, _("Imprisoned in a camp"), name, camp)]
    if imprisonment.end:
        events.append(Event(CAMP, imprisonment.end, _("Left the camp"), name))
    return events


def deportation_events(record):
    """The deportation and the place of settlement; an operation not yet published is not
    named, the person's own record of it is kept."""
    deportation = _published(record.deportation)
    title = deportation.title if deportation else ""
    events = [
        Event(
            DEPORTATION,
            record.arrival_date,
            _("Deported"),
            _join(title, record.settled_place),
            deportation,
        )
    ]
    if record.release_date:
        events.append(Event(RELEASE, record.release_date, _("Released from special settlement")))
    return events


def end_of_life_events(person):
    """The person's fate or death, and where they lie if it is known."""
    events = []
    if person.fate or person.death_date or person.death_place:
        title = person.get_fate_display() if person.fate else _("Died")
        events.append(Event(DEATH, person.death_date, title.capitalize(), person.death_place))
    if person.burial_site_id:
        # A burial site not yet published is not named: only that the grave is known.
        site = _published(person.burial_site)
        events.append(Event(BURIAL, None, _("Buried"), site.name if site else "", site))
    return events


def order_events(events):
    """Dated events by date; each undated one after the last event of an earlier phase."""
    events = sorted(events, key=lambda event: event.phase)
    ordered = sorted(
        (event for event in events if event.date),
        key=lambda event: (event.date.sort_key, event.phase),
    )
    for event in (event for event in events if not event.date):
        position = 0
        for index, placed in enumerate(ordered):
            if placed.phase <= event.phase:
                position = index + 1
        ordered.insert(position, event)
    return ordered
