"""Reading dates as archives and Books of Memory write them.

:meth:`memorial.base.dates.PartialDate.parse` is the one entry point; this module turns the
text into parts (year, month, day, season, whether approximate, the end of a range) and the
parts are checked by :class:`~memorial.base.dates.PartialDate` itself, so an impossible day
or a year out of range is refused whichever way it was written.

============================  =====================  ===================================
Written                       Stored                 Read as
============================  =====================  ===================================
1937 г.                       1937                   a year, with or without its word
в 1938 году                   1938                   (г., гг., год, года, году, годы,
1937 ж.                       1937                   ж., жж., жыл, жылы, жылғы, жылдың,
1937-жылы                     1937                   жылға, year; в, во, in, on, of, the
1937г.                        1937
1899 г.р.                     1899                   are skipped)
март 1901                     1901-03                a month named in Russian in any
в марте 1901 г.               1901-03                case (январь, января, в январе,
в мае 1938 г.                 1938-05                май, мая, в мае …) or abbreviated
нояб. 1937                    1937-11                (янв., февр., сент., окт., нояб.)
1937 жылғы қыркүйек           1937-09                in Kazakh with its endings
1937 жылы қазанда             1937-10                (қазанда, мамырдың, қыркүйегінде)
қыр. 1937                     1937-09                or abbreviated (қаң., ақп., қыр.)
Sept. 1937                    1937-09                in English, full or abbreviated
IX.1938                       1938-09                in Roman numerals I–XII
09.1938                       1938-09                or numbers
5 сентября 1937 г.            1937-09-05             a day, before or after the month
5-го сентября 1937 года       1937-09-05
September 5, 1937             1937-09-05
the 5th of September 1937     1937-09-05
1938 жылғы 5 мамыр            1938-05-05             the Kazakh order: year, day, month
1938 ж. 5 мамыр               1938-05-05
5.IX.1938                     1938-09-05             Roman month (Cyrillic Х and І too)
5 IX 1938                     1938-09-05
05.09.1938 г.                 1938-09-05
осенью 1937 года              1937-23                a season (весна/весной, лето/летом,
зимой 1942 г.                 1942-24                осень/осенью, зима/зимой; көктем,
1942 жылдың күзі              1942-23                жаз, күз, қыс with endings; spring,
autumn 1937                   1937-23                summer, autumn, fall, winter)
ок. 1895 г.                   1895~                  approximate (c., ca., circa, about,
около 1895 года               1895~                  around, approx., около, ок.,
шамамен 1895 ж.               1895~                  примерно, приблизительно, прибл.,
1895 ж. шамасында             1895~                  шамамен, шам., шамасында, ~)
1941–1942 гг.                 1941/1942              a range
1941-1942                     1941/1942
1941–42 гг.                   1941/1942              the end may shorten its year
с 1941 по 1942 г.             1941/1942              с … по, от … до, from … to
между 1941 и 1942 гг.         1941/1942              между … и, between … and
1941 және 1942 аралығында     1941/1942
1941 жылдан 1942 жылға дейін  1941/1942
5–10 сентября 1937            1937-09-05/1937-09-10  the start may leave out what the
с сентября по ноябрь 1937 г.  1937-09/1937-11        end gives
сентябрь-октябрь 1937         1937-09/1937-10
IX-X.1937                     1937-09/1937-10
1880-е гг.                    1880/1889              a decade, stored as its ten years
в 1880-х годах                1880/1889              (see :mod:`memorial.base.dates`)
1880s                         1880/1889
1880 жылдары                  1880/1889
1880-ші жылдары               1880/1889
============================  =====================  ===================================

Refused (ValueError, which PartialDate turns into a message naming the text): anything with
a word not listed above ("весной или летом", "начало 1937", "конец 1930-х"), an uncertain
``1937?`` (the portal stores "about", not "perhaps"), two years or two months in one date,
a season with a month, an approximate range or decade ("около 1880-х"), decades not
written with four digits ("80-е годы"), two-digit years outside a range ("5.IX.37"),
slashed days ("05/09/1937": day or month first?), text over 200 characters, and the Kazakh
abbreviations that are everyday words (там., қаз., қар.: "there", "goose", "snow"), which
are written out (тамыз, қазан, қараша).
"""

import re
from typing import NamedTuple

SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


# No date is written longer; the limit keeps a pasted page from keeping the patterns busy.
MAX_LENGTH = 200


class Parts(NamedTuple):
    year: int | None
    month: int | None = None
    day: int | None = None
    season: int | None = None


class Reading(NamedTuple):
    start: Parts
    end: Parts | None
    approximate: bool


_EDTF = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_STORED = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:(~)|/(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)?$"
)
_DOTTED = re.compile(r"^(?:(?P<day>\d{1,2})\.)?(?P<month>\d{1,2})\.(?P<year>\d{4})$")

_CIRCA_BEFORE = re.compile(
    r"^(?:c\.|ca\.?|circa|about|around|approx\.?|approximately|около|ок\.|ок(?=\s)|примерно|"
    r"приблизительно|прибл\.|шамамен|шам\.)\s*"
)
_CIRCA_AFTER = re.compile(r"\s+шамасында$")

# Kazakh endings a month or season takes: possessive (қыркүйегі), then a case (қазанда,
# мамырдың, қыркүйегінде, шілдесінде).
_KK_TAIL = (
    r"(?:(?:ы|і|сы|сі)(?:нда|нде|ның|нің|на|не|нан|нен)?"
    r"|да|де|та|те|дың|дің|тың|тің|ның|нің|ға|ге|қа|ке|нан|нен|дан|ден|тан|тен)?"
)
_RU_TAIL = r"(?:ь|я|е|ю|ем|ём|а|у|ом)?"
_MONTH_PATTERNS = (
    (1, rf"январ{_RU_TAIL}|янв|january|jan|қаңтар{_KK_TAIL}|қаң"),
    (2, rf"феврал{_RU_TAIL}|февр?|february|feb|ақпан{_KK_TAIL}|ақп"),
    (3, rf"март{_RU_TAIL}|мар|march|mar|наурыз{_KK_TAIL}|нау"),
    (4, rf"апрел{_RU_TAIL}|апр|april|apr|сәуір{_KK_TAIL}|сәу"),
    (5, rf"ма(?:й|я|е|ю|ем)|may|мамыр{_KK_TAIL}|мам"),
    (6, rf"июн{_RU_TAIL}|june|jun|маусым{_KK_TAIL}|мау"),
    (7, rf"июл{_RU_TAIL}|july|jul|шілде{_KK_TAIL}|шіл"),
    (8, rf"август{_RU_TAIL}|авг|august|aug|тамыз{_KK_TAIL}"),
    (9, rf"сентябр{_RU_TAIL}|сент?|september|sept?|қыркүйе[кг]{_KK_TAIL}|қыр"),
    (10, rf"октябр{_RU_TAIL}|окт|october|oct|қазан{_KK_TAIL}"),
    (11, rf"ноябр{_RU_TAIL}|нояб?|november|nov|қараша{_KK_TAIL}"),
    (12, rf"декабр{_RU_TAIL}|дек|december|dec|желтоқсан{_KK_TAIL}|жел"),
)
_MONTHS = tuple((number, re.compile(f"^(?:{words})$")) for number, words in _MONTH_PATTERNS)
_SEASON_PATTERNS = (
    (21, rf"весна|весной|весною|весны|весну|spring|көктем{_KK_TAIL}"),
    (22, rf"лето|летом|лета|summer|жаз{_KK_TAIL}"),
    (23, rf"осень|осенью|осени|autumn|fall|күз{_KK_TAIL}"),
    (24, rf"зима|зимой|зимою|зимы|зиму|winter|қыс{_KK_TAIL}"),
)
_SEASONS = tuple((number, re.compile(f"^(?:{words})$")) for number, words in _SEASON_PATTERNS)
_ROMAN = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6,
    "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12,
}  # fmt: skip
# Roman numerals are often typed with the Cyrillic letters that look the same.
_LATIN_LOOKALIKES = str.maketrans({"х": "x", "і": "i"})
_SKIPPED = {
    "г", "гг", "год", "года", "году", "годы", "годах", "годов", "гр",
    "ж", "жж", "жыл", "жылы", "жылғы", "жылдың", "жылда", "жылға", "year",
    "в", "во", "in", "on", "of", "the",
}  # fmt: skip
_DAY = re.compile(r"^(?P<day>\d{1,2})(?:-?го|st|nd|rd|th)?$")

_DECADE = re.compile(
    r"^(?:(?:в|the)\s+)?(?P<year>\d{3}0)(?:\s*-?\s*(?:е|ые|х|ых)|'?s|’s)"
    r"(?:\s+(?:гг|годы|годах|годов)\.?)?$"
    r"|^(?P<kk_year>\d{3}0)(?:\s*-?\s*(?:ші|шы))?\s*-?\s*жылдар(?:ы|да|дың|ында)?$"
)
_BETWEEN = (
    re.compile(r"^(?:between|между|с|from|от)\s+(?P<start>.+?)\s+(?:and|и|по|to|until|до)\s+"
               r"(?P<end>.+)$"),
    re.compile(r"^(?P<start>.+?)\s+(?:және|мен|пен)\s+(?P<end>.+?)\s+аралығында$"),
    re.compile(r"^(?P<start>.+?)\s+жылдан\s+(?P<end>.+?)\s+(?:дейін|шейін)$"),
)  # fmt: skip
_RANGE = (
    re.compile(r"^(?P<start>[^/]+?)\s*/\s*(?P<end>[^/]+)$"),
    re.compile(r"^(?P<start>[^–]+?)\s*–\s*(?P<end>[^–]+?)(?:\s+аралығында)?$"),
    re.compile(r"^(?P<start>.+?)\s+-\s+(?P<end>.+)$"),
    re.compile(r"^(?P<start>[^-]+?)-(?=\d)(?P<end>.+)$"),
    # "сентябрь-октябрь 1937", "IX-X.1937": a hyphen between two words, not "5-го".
    re.compile(r"^(?P<start>[^\W\d]+)-(?P<end>[^\W\d]+[\s.].+)$"),
)


def normalise(text):
    """Lower case, one kind of dash, ё as е, no trailing full stop or comma."""
    value = " ".join(str(text).split()).lower().replace("ё", "е")
    value = re.sub(r"[‐‒–—−]", "–", value)
    value = re.sub(r"\bг\.\s*р\.?", " ", value)
    # "1937-жылы", "1937г.", "1937ж.": the year word joined to the year.
    value = re.sub(r"(?<=\d)(?:(?=[гж])|-(?=жыл))", " ", value)
    return value.strip().rstrip(".,;:").strip()


def read(text):
    """Read ``text`` into a :class:`Reading`; raise ValueError when it is not clearly a date."""
    if len(text) > MAX_LENGTH:
        raise ValueError(text[:MAX_LENGTH])
    stored = _STORED.match(text)
    if stored:
        # Every value loaded from the database comes this way: read it without the rest.
        start = _edtf_parts(*stored.group(1, 2, 3))
        end = _edtf_parts(*stored.group(5, 6, 7)) if stored[5] else None
        return Reading(start, end, bool(stored[4]))
    value, approximate = _take_circa(normalise(text))
    decade = _DECADE.match(value)
    if decade and not approximate:
        first = int(decade["year"] or decade["kk_year"])
        return Reading(Parts(first), Parts(first + 9), approximate)
    if decade:
        # An approximate decade has no stored form: say so rather than guess its bounds.
        raise ValueError(text)
    if not _EDTF.match(value):
        for pattern in (*_BETWEEN, *_RANGE):
            match = pattern.match(value)
            if match:
                return Reading(*_read_range(match["start"], match["end"]), approximate)
    return Reading(_read_one(value), None, approximate)


def _take_circa(value):
    if value.endswith("~"):
        return value[:-1].strip(), True
    if value.startswith("~"):
        return value[1:].strip(), True
    for pattern in (_CIRCA_BEFORE, _CIRCA_AFTER):
        stripped = pattern.sub("", value)
        if stripped != value:
            return stripped.strip(), True
    return value, False


def _read_range(start_text, end_text):
    start = _read_one(start_text, year_needed=False)
    if start.year is not None and re.fullmatch(r"\d{2}", _without_year_words(end_text)):
        # "1941–42 гг.": the end keeps only the last two digits of its year.
        end_text = f"{start.year // 100}{end_text.strip()}"
    end = _read_one(end_text)
    if start.year is None:
        # "5–10 сентября 1937", "с сентября по ноябрь 1937": the end gives what is left out.
        month = start.month if start.month or start.season else end.month
        start = Parts(end.year, month, start.day, start.season)
    return start, end


def _read_one(value, year_needed=True):
    value = value.strip().rstrip(".,;:").strip()
    edtf = _EDTF.match(value)
    if edtf:
        return _edtf_parts(*edtf.groups())
    dotted = _DOTTED.match(_without_year_words(value))
    if dotted:
        day = int(dotted["day"]) if dotted["day"] else None
        return Parts(int(dotted["year"]), int(dotted["month"]), day)
    parts = _read_words(value)
    if parts.year is None and year_needed:
        raise ValueError(value)
    return parts


def _edtf_parts(year, month, day):
    year, month, day = (int(part) if part else None for part in (year, month, day))
    if month in SEASONS and day is None:
        return Parts(year, season=month)
    return Parts(year, month, day)


def _without_year_words(value):
    return " ".join(word for word in value.split() if word.rstrip(".") not in _SKIPPED)


def _read_words(value):
    found = {}
    for token in re.split(r"[\s,.]+", value):
        if not token or token in _SKIPPED:
            continue
        kind, number = _token(token)
        if kind in found:
            raise ValueError(value)
        found[kind] = number
    if not found or ("season" in found and ("month" in found or "day" in found)):
        raise ValueError(value)
    return Parts(found.get("year"), found.get("month"), found.get("day"), found.get("season"))


def _token(token):
    if re.fullmatch(r"\d{4}", token):
        return "year", int(token)
    day = _DAY.match(token)
    if day:
        return "day", int(day["day"])
    roman = _ROMAN.get(token.translate(_LATIN_LOOKALIKES))
    if roman:
        return "month", roman
    for kind, patterns in (("month", _MONTHS), ("season", _SEASONS)):
        for number, pattern in patterns:
            if pattern.match(token):
                return kind, number
    raise ValueError(token)
