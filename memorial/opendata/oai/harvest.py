"""The records a harvester sees, walked in the order they changed.

Each kind of record is a stream ordered by (datestamp, id), and a page continues where the
last one stopped with a keyset condition, never an OFFSET: page ten thousand of a million
people costs what page one does (people are indexed on (updated_at, id) for it). Without a
set, the streams are walked one after another in a fixed order.

Besides published records a stream holds the ones a harvester must be told to delete: those
published once and withdrawn since, and people merged into another record. A record that was
never published is in no stream at all."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base.models import Region, Status
from people.models import MergedPerson, Person


@dataclass(frozen=True)
class Stream:
    name: str  # names the stream in a resumption token
    set_spec: str
    model: type
    date_field: str = "updated_at"
    id_field: str = "id"
    # Merged people are gone: every row is a deletion.
    always_deleted: bool = False

    def rows(self):
        if self.always_deleted:
            # Merged records the public once saw; the snapshot keeps the status they had.
            return self.model.objects.filter(snapshot__status=Status.PUBLISHED)
        # published_at stays once set: a withdrawn record still has it, a draft never had.
        return self.model.objects.filter(Q(status=Status.PUBLISHED) | Q(published_at__isnull=False))

    def with_metadata(self, rows):
        """The rows with what their Dublin Core reads, in a fixed number of queries."""
        if self.model is Person:
            # Their published relatives, as dc:relation.
            return rows.with_family()
        if self.model in (Camp, BurialSite):
            return rows.select_related("region")
        if self.model is Deportation:
            return rows.prefetch_related(
                # A people not yet published is not named, not even beside a deportation.
                Prefetch("peoples", queryset=DeportedPeople.objects.published()),
                Prefetch("destinations", queryset=Region.objects.all()),
            )
        return rows

    def headers_only(self, rows):
        if self.always_deleted:
            return rows.only(self.id_field, self.date_field)
        return rows.only(self.id_field, self.date_field, "status")

    def is_deleted(self, row):
        return self.always_deleted or row.status != Status.PUBLISHED

    def key(self, row):
        return getattr(row, self.date_field), getattr(row, self.id_field)


STREAMS = [
    Stream("people", "people", Person),
    Stream("merged-people", "people", MergedPerson, "merged_at", "old_id", always_deleted=True),
    Stream("camps", "camps", Camp),
    Stream("burial-sites", "burial-sites", BurialSite),
    Stream("deportations", "deportations", Deportation),
    Stream("peoples", "peoples", DeportedPeople),
]
SET_SPECS = list(dict.fromkeys(stream.set_spec for stream in STREAMS))
# The streams of each set, and of no set ("") all of them, in walking order.
STREAMS_BY_SET = {
    "": [stream.name for stream in STREAMS],
    **{spec: [s.name for s in STREAMS if s.set_spec == spec] for spec in SET_SPECS},
}
_BY_NAME = {stream.name: stream for stream in STREAMS}


def select(stream, selection, limit, *, metadata):
    """Up to `limit` rows of a stream after the selection's place in it, in walking order."""
    date, key = stream.date_field, stream.id_field
    rows = stream.rows()
    if selection.start:
        rows = rows.filter(**{f"{date}__gte": selection.start})
    if selection.stop:
        rows = rows.filter(**{f"{date}__lt": selection.stop})
    if selection.after_date is not None:
        # (date, id) > (after_date, after_id), written so that the first condition bounds
        # an index range on its own.
        after, after_id = selection.after_date, selection.after_id
        rows = rows.filter(
            Q(**{f"{date}__gte": after})
            & (Q(**{f"{date}__gt": after}) | Q(**{f"{key}__gt": after_id}))
        )
    rows = stream.with_metadata(rows) if metadata else stream.headers_only(rows)
    return list(rows.order_by(date, key)[:limit])


def page(selection, *, metadata):
    """One page: [(stream, row)], and the Selection the next page starts from (None when
    this page ends the list). The page is filled from the following streams when the current
    one runs out, so a page is short only at the very end."""
    names = STREAMS_BY_SET[selection.set_spec]
    position = names.index(selection.stream) if selection.stream else 0
    room = settings.OAI_PAGE_SIZE
    found, following = [], None
    current = selection
    for name in names[position:]:
        stream = _BY_NAME[name]
        if current.stream != name:
            current = current.moved_to(name)
        # One more than there is room for says whether the list goes on.
        rows = select(stream, current, room + 1, metadata=metadata)
        found += [(stream, row) for row in rows[:room]]
        if len(rows) > room:
            cursor = selection.cursor + len(found)
            if room == 0:  # full, and this stream has more: the next page starts it
                following = current.moved_to(name, cursor=cursor)
            else:
                following = current.moved_to(name, *stream.key(rows[room - 1]), cursor=cursor)
            break
        room -= len(rows)
    return found, following


def earliest_datestamp():
    """The oldest change any stream holds, or None if all are empty."""
    oldest = [
        stream.rows().order_by(stream.date_field).values_list(stream.date_field, flat=True).first()
        for stream in STREAMS
    ]
    oldest = [moment for moment in oldest if moment is not None]
    return min(oldest) if oldest else None


def find(set_spec, pk):
    """(stream, row) an identifier names, if a harvester may see it at all."""
    for stream in STREAMS:
        if stream.set_spec != set_spec:
            continue
        row = stream.with_metadata(stream.rows().filter(**{stream.id_field: pk})).first()
        if row is not None:
            return stream, row
    return None
