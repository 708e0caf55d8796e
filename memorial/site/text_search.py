"""Words found inside the portal's texts: biographies, the histories of camps, burial sites,
peoples and deportations, stories, site pages, published testimony and captions.

On PostgreSQL the database finds and ranks them (memorial/base/full_text.py: stemmed
full-text search over GIN indexes). Elsewhere (SQLite, for development) every published
text is read and compared here, case-blind for every alphabet (SQLite's LIKE folds only
ASCII letters), each query word found at the start of a word with its last letter or two
left open, so that "лагерь" also finds "лагеря". Both give the same results page: the
records by kind, best first, each with an excerpt that marks the words found.
"""

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportedPeople
from memorial.base import full_text
from memorial.base.models import MediaItem, Status
from memorial.base.translation import LANGUAGE_CODES, active_language
from memorial.pages.models import Page, Story
from people.models import Person, Testimony

SHOWN_PER_KIND = 10
EXCERPT_BEFORE, EXCERPT_AFTER = 80, 160


@dataclass(frozen=True)
class Source:
    """One kind of text: where it is kept, which records are public, how a hit is shown."""

    kind: str
    heading: object
    model: type
    texts: tuple  # translated texts (three columns each), or plain columns if not translated
    public: Callable
    title: Callable = str
    url: Callable = lambda record: record.get_absolute_url()
    translated: bool = True
    formatted: bool = True  # HTML, or plain text shown escaped
    joined: tuple = ()  # select_related
    related: tuple = ()  # prefetch_related

    def columns(self):
        """(column, language) of each text, the visitor's language first."""
        if not self.translated:
            return [(name, None) for name in self.texts]
        wanted = active_language()
        codes = sorted(LANGUAGE_CODES, key=lambda code: code != wanted)
        return [(f"{name}_{code}", code) for code in codes for name in self.texts]


def public_media():
    """Captions of photos and scans whose record is published."""
    owners = [Person, Camp, BurialSite, DeportedPeople, Deportation, Story]
    types = ContentType.objects.get_for_models(*owners)
    shown = Q()
    for model in owners:
        # EXISTS, not IN: checked for the few matching captions, not by reading a million
        # published ids first.
        published = model.objects.published().filter(pk=OuterRef("object_id"))
        shown |= Q(content_type=types[model]) & Exists(published)
    return MediaItem.objects.filter(shown)


def caption_title(item):
    """A caption's hit is headed by its record: a person by the name the page's language
    shows (not the recorded one), anything else by its own title."""
    owner = item.content_object
    return owner.display_name if isinstance(owner, Person) else str(owner)


def public_testimony():
    """Stories shown on biographies; nothing else a family sent is ever searched."""
    return Testimony.objects.published_stories().filter(person__status=Status.PUBLISHED)


SOURCES = [
    Source("biography", _("Biographies"), Person, ("biography",),
           lambda: Person.objects.published(), title=lambda person: person.display_name),
    Source("camp", _("Camps"), Camp, ("description",), lambda: Camp.objects.published()),
    Source("burial_site", _("Places of execution and burial"), BurialSite, ("description",),
           lambda: BurialSite.objects.published()),
    Source("deportation", _("Deportations"), Deportation, ("description",),
           lambda: Deportation.objects.published()),
    Source("people", _("Deported peoples"), DeportedPeople, ("description",),
           lambda: DeportedPeople.objects.published()),
    Source("story", _("Stories"), Story, ("body", "summary", "title"),
           lambda: Story.objects.published()),
    Source("page", _("Site pages"), Page, ("body", "title"), lambda: Page.objects.published()),
    Source("testimony", _("What families remember"), Testimony, ("story",), public_testimony,
           title=lambda testimony: testimony.person.display_name,
           url=lambda testimony: testimony.person.get_absolute_url() + "#testimonies-heading",
           translated=False, formatted=False, joined=("person",)),
    Source("caption", _("Photos and documents"), MediaItem, ("caption",), public_media,
           title=caption_title,
           url=lambda item: item.content_object.get_absolute_url(),
           related=("content_object",)),
]  # fmt: skip


@dataclass
class Hit:
    record: object
    title: str
    url: str
    excerpt: str


@dataclass
class Section:
    kind: str
    heading: object
    hits: list
    total: int

    @property
    def more(self):
        """Matches beyond those shown; "more than" when the count stopped at its cap."""
        return self.total > len(self.hits)

    @property
    def capped(self):
        # One more than the cap is counted: exactly the cap is still "of 1000", not "more".
        return self.total > full_text.RANKED_AT_MOST

    @property
    def cap(self):
        return full_text.RANKED_AT_MOST


def search_texts(text):
    """The sections of texts that answer `text`, each best first; kinds without a hit left
    out. A bounded number of queries, however many texts match."""
    terms = Terms.parse(text)
    if terms.is_empty:
        return []
    if full_text.is_available():
        found = full_text.ranked_ids(
            {source.kind: source.public() for source in SOURCES}, text, SHOWN_PER_KIND
        )
    else:
        found = {source.kind: scan(source, terms) for source in SOURCES}
    sections = []
    for source in SOURCES:
        ranked, total = found[source.kind]
        if ranked:
            shown = hits(source, ranked, terms)
            sections.append(Section(source.kind, source.heading, shown, total))
    return sections


def hits(source, ranked, terms):
    records = source.model.objects.prefetch_related(*source.related)
    if source.joined:
        records = records.select_related(*source.joined)
    records = records.in_bulk([pk for pk, _rank in ranked])
    found = []
    for pk, _rank in ranked:
        record = records[pk]
        texts = [
            plain_text(getattr(record, column), source.formatted)
            for column, _language in source.columns()
        ]
        found.append(Hit(record, source.title(record), source.url(record), excerpt(texts, terms)))
    return found


def scan(source, terms):
    """The fallback: every public text read and compared in Python, ranked by how often the
    words occur, in titles before bodies (as PostgreSQL weighs them)."""
    columns = [column for column, _language in source.columns()]
    scored = []
    rows = source.public().order_by("pk").values_list("pk", *columns)
    for pk, *values in rows.iterator():
        texts = [plain_text(value, source.formatted) for value in values]
        if terms.match(texts):
            score = sum(terms.occurrences(value) for value in texts) / math.log(
                2 + sum(len(value) for value in texts)
            )
            scored.append((pk, score))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:SHOWN_PER_KIND], min(len(scored), full_text.RANKED_AT_MOST + 1)


TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div)\s*>|<br\s*/?>", re.IGNORECASE)


def plain_text(value, formatted=True):
    """Text without its tags and entities, never to be shown unescaped."""
    if not value:
        return ""
    if formatted:
        value = html.unescape(TAG.sub(" ", BLOCK_END.sub(" ", value)))
    return " ".join(value.split())


def folded(text):
    """The text case-blind, each character folded to one, so that a position in it is the
    same position in the text: lower() makes two of a few ("İ" is "i" and a combining
    dot), which would shift every <mark> after them. ё and е are one letter in most
    Russian texts."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower()[:1] for char in text)
    return lowered.replace("ё", "е")


def open_end(word):
    """A query word with its ending left open: a crude stem that needs no dictionary."""
    word = folded(word)
    if len(word) >= 6:
        return word[:-2]
    if len(word) == 5:
        return word[:-1]
    return word


@dataclass(frozen=True)
class Terms:
    """The visitor's words as websearch syntax reads them: groups joined by "or", each of
    words required and words excluded ("-word")."""

    groups: tuple  # of (required patterns, excluded patterns)

    @classmethod
    def parse(cls, text):
        groups, required, excluded = [], [], []
        for token in re.findall(r'-?"[^"]*"?|\S+', text):
            if token.lower() == "or" and required:
                groups.append((tuple(required), tuple(excluded)))
                required, excluded = [], []
                continue
            target = excluded if token.startswith("-") and len(token) > 1 else required
            target += [word_pattern(word) for word in re.findall(r"\w+", token)]
        if required:
            groups.append((tuple(required), tuple(excluded)))
        return cls(tuple(groups))

    @property
    def is_empty(self):
        return not self.groups

    def match(self, texts):
        folded_texts = [folded(text) for text in texts if text]
        return any(
            all(any(p.search(text) for text in folded_texts) for p in required)
            and not any(p.search(text) for p in excluded for text in folded_texts)
            for required, excluded in self.groups
        )

    @property
    def patterns(self):
        return [pattern for required, _excluded in self.groups for pattern in required]

    def occurrences(self, text):
        text = folded(text)
        return sum(len(pattern.findall(text)) for pattern in self.patterns)


def word_pattern(word):
    return re.compile(r"(?<!\w)" + re.escape(open_end(word)) + r"\w*")


def excerpt(plain, terms):
    """A short passage of the first plain text (the visitor's language first) where a word
    was found, HTML-escaped, the words found marked with <mark>."""
    for text in plain:
        spans = found_spans(text, terms)
        if spans:
            return mark_safe(marked(text, spans))
    first = next((text for text in plain if text), "")
    return mark_safe(escape(window(first, 0, 0)[0]))


def found_spans(text, terms):
    """Where each query word was found: (start, end, which word), in order."""
    lowered = folded(text)
    found = {
        (*match.span(), index)
        for index, pattern in enumerate(terms.patterns)
        for match in pattern.finditer(lowered)
    }
    return sorted(found)


def best_start(spans):
    """The span whose passage holds the most different query words, the first if tied."""
    spans = spans[:200]  # a word found hundreds of times: the first ones are enough
    best, most = spans[0], 0
    for start, end, _word in spans:
        words = {word for other, _end, word in spans if start <= other < end + EXCERPT_AFTER}
        if len(words) > most:
            best, most = (start, end), len(words)
    return best


def window(text, start, end):
    """The passage around text[start:end], cut at spaces, with its offset."""
    begin = max(0, start - EXCERPT_BEFORE)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    stop = min(len(text), end + EXCERPT_AFTER)
    if stop < len(text):
        space = text.rfind(" ", end, stop)
        stop = space if space > end else stop
    passage = text[begin:stop]
    return ("…" if begin else "") + passage + ("…" if stop < len(text) else ""), begin, stop


def marked(text, spans):
    first_start, first_end = best_start(spans)
    _passage, begin, stop = window(text, first_start, first_end)
    parts, position = ["…" if begin else ""], begin
    for start, end, _word in spans:
        if start < position or end > stop:
            continue
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts += [escape(text[position:stop]), "…" if stop < len(text) else ""]
    return "".join(parts)
