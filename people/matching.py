"""Finding a person whatever way the name is spelled.

Every form of a recorded name (the main record and each variant) is kept as a row of
`NameKey`: the surname reduced to a spelling-blind stem, the given name and patronymic
reduced to a spelling-blind skeleton. A visitor's query is reduced the same way, so
"Байтұрсынұлы", "Baitursynov", "Bajtursynow" and "A. Baiturssynov" all meet at the stem
"baitursin".

The skeleton: Kazakh and Russian Cyrillic, the 2021 Kazakh Latin alphabet, BGN/PCGN, ISO 9
and German and English habits are mapped onto one plain Latin spelling; y and j read as i
(j at the start of a word or after a consonant as zh, as in Kazakh Latin); doubled letters
collapse. The stem also drops the patronymic endings that Kazakh surnames carry in either
form (-ұлы/-uly, -қызы/-kyzy, -ов/-ev/-ova/-eva), so Dulatuly and Dulatov are one name, and
maps Korean surnames transcribed through Russian or English (Цой, Tsoy, Choi) onto one.

Ranking: the exact recorded name first, then exact variants, then near spellings by trigram
similarity (a letter wrong, missing or doubled). PostgreSQL finds candidates through a
trigram index (pg_trgm); SQLite compares in Python, slower but with the same results.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CYRILLIC = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}

# Latin letters with marks, as ISO 9, the Kazakh Latin alphabet and German write them.
LATIN = {
    "ä": "a",
    "ö": "o",
    "ü": "u",
    "ū": "u",
    "ı": "i",
    "ğ": "g",
    "ñ": "n",
    "ş": "sh",
    "ç": "ch",
    "ž": "zh",
    "š": "sh",
    "č": "ch",
    "ŝ": "sh",
    "ĉ": "ch",
    "û": "iu",
    "â": "ia",
    "ë": "e",
    "ß": "ss",
    "ŭ": "u",
    "ʹ": "",
    "ʺ": "",
    "'": "",
    "’": "",
    "`": "",
}

SOUNDS = [
    (re.compile(r"dsch|dzh|dj"), "zh"),
    (re.compile(r"tsch"), "ch"),
    (re.compile(r"shch|sch"), "sh"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?!h)"), "ts"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?:^|(?<=[^aeiouy]))j"), "zh"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"^ie"), "e"),
    (re.compile(r"(?<=[aeiou])ie"), "e"),
    (re.compile(r"shch|shsh"), "sh"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"(?<=[oe])f$"), "v"),
]

# Letters a Latin spelling leaves ambiguous: German "ch" for х, "s" for з, "z" for ц,
# "sh" for ж; Ukrainian "h" for г; "j" and "jo" for й and ё. A query word is read each way.
LATIN_READINGS = [
    [
        (re.compile(r"(?<![st])ch"), "h"),
        (re.compile(r"z(?!h)"), "ts"),
        (re.compile(r"(?<![st])(?<!s)s(?!s|c?h)"), "z"),
    ],
    [(re.compile(r"sh"), "zh")],
    [(re.compile(r"(?<!k)h"), "g")],
    [(re.compile(r"j"), "y")],
    [(re.compile(r"[jy]o"), "e")],
]

# Korean surnames transcribed through Russian or English, on one spelling.
KOREAN_SURNAMES = {
    "choi": "tsoi",
    "choe": "tsoi",
    "chve": "tsoi",
    "gim": "kim",
    "park": "pak",
    "bak": "pak",
    "le": "li",
    "rhe": "li",
    "ri": "li",
    "i": "li",
    "gang": "kang",
    "sin": "shin",
    "iun": "iun",
    "ioon": "iun",
    "iu": "iu",
    "iong": "ian",
}

SURNAME_ENDINGS = re.compile(r"(?:uli|kizi|ova|eva|ov|ev)$")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


# Names repeat across a list of a million (a few thousand surnames and given names): the
# import and the search compute each form once.
@lru_cache(maxsize=131072)
def skeleton(word):
    """One word in a spelling-blind Latin form: "Жұмабаев", "Zhumabayev" -> "zhumabaev"."""
    text = unicodedata.normalize("NFC", word.casefold())
    text = "".join(CYRILLIC.get(char, LATIN.get(char, char)) for char in text)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    text = "".join(char for char in text if char.isalpha() and char.isascii())
    for pattern, replacement in SOUNDS:
        text = pattern.sub(replacement, text)
    return text


def readings(word):
    """The skeletons of every plausible reading of a word as typed."""
    forms = {skeleton(word)}
    plain = word.casefold()
    if plain.isascii():
        for rules in LATIN_READINGS:
            reading = plain
            for pattern, replacement in rules:
                reading = pattern.sub(replacement, reading)
            if reading != plain:
                forms.add(skeleton(reading))
    return tuple(sorted(forms, key=lambda form: form != skeleton(word)))


def stem_of_skeleton(key):
    """A surname skeleton without the endings its Kazakh and Russified forms differ by."""
    key = KOREAN_SURNAMES.get(key, key)
    stem = SURNAME_ENDINGS.sub("", key) if len(key) > 4 else key
    # Жұмабай-ұлы and Жумаба-ев: the й before the ending is lost in the Russified form.
    if len(stem) > 3 and stem.endswith("i") and stem[-2] in "aeiou":
        stem = stem[:-1]
    return stem or key


@lru_cache(maxsize=131072)
def surname_stem(word):
    return stem_of_skeleton(skeleton(word))


def script_of(text):
    """ "cyrl" when a name is written in Cyrillic letters, else "latn"."""
    return "cyrl" if any("\u0400" <= char <= "\u04ff" for char in text) else "latn"


def words_of(text):
    return WORD.findall(text or "")


@lru_cache(maxsize=131072)
def exact_form(text):
    """The name as written, only case and ё folded: for "exactly as recorded"."""
    return " ".join(word.casefold().replace("ё", "е") for word in words_of(text))


@lru_cache(maxsize=65536)
def trigrams(text):
    """Trigrams as PostgreSQL's pg_trgm counts them: each word padded, two spaces before
    and one after."""
    grams = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return frozenset(grams)


@lru_cache(maxsize=262144)
def similarity(first, second):
    """pg_trgm's similarity(): shared trigrams over all trigrams."""
    if first == second:
        return 1.0
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple  # per full word: the skeletons of its readings
    stems: tuple  # per full word: the surname stems of its readings
    initials: tuple  # first letters of initials such as "A."
    exact: str

    @classmethod
    def parse(cls, text):
        words, initials = [], []
        all_words = words_of(text)
        for raw in all_words:
            if len(raw) == 1 or (len(raw) <= 2 and raw.isupper() and len(all_words) > 1):
                initials.append(skeleton(raw)[:1])
            else:
                words.append(raw)
        forms = [readings(word) for word in words]
        return cls(
            text=text,
            words=tuple(forms),
            stems=tuple(
                tuple(dict.fromkeys(stem_of_skeleton(form) for form in word)) for word in forms
            ),
            initials=tuple(initial for initial in initials if initial),
            exact=exact_form(text),
        )

    @property
    def is_empty(self):
        return not self.words

    @property
    def all_stems(self):
        return {stem for word in self.stems for stem in word}

    @property
    def all_forms(self):
        return {form for word in self.words for form in word}


# How similar a spelling must be to count as a near miss, as pg_trgm's `%` operator.
SIMILARITY_THRESHOLD = 0.3


def exact_key(surname, given, patronymic):
    return "|".join(exact_form(part) for part in (surname, given, patronymic))


@lru_cache(maxsize=65536)
def exact_forms(stored):
    """The ways a visitor may type a name exactly: surname first or last, patronymic or not."""
    surname, given, patronymic = stored.split("|")
    forms = {
        " ".join(part for part in parts if part)
        for parts in [
            (surname, given, patronymic),
            (surname, given),
            (given, patronymic, surname),
            (given, surname),
            (surname,),
        ]
    }
    return forms


@lru_cache(maxsize=65536)
def recorded_surname(stored):
    """The skeleton of the surname as recorded, from a stored exact form."""
    return skeleton(stored.split("|", 1)[0])


def _best(forms, candidates):
    return max(
        (similarity(form, candidate) for form in forms for candidate in candidates), default=0.0
    )


def score_key(query, key):
    """How well one recorded form of a name answers the query; 0 when it does not."""
    surname_score, surname_index = max(
        ((_best(stems, [key.surname]), index) for index, stems in enumerate(query.stems)),
        default=(0.0, -1),
    )
    if surname_score < SIMILARITY_THRESHOLD:
        return 0.0
    forenames = [*key.given.split(), *key.patronymic.split()]
    other_scores = [
        _best(forms, forenames) for index, forms in enumerate(query.words) if index != surname_index
    ]
    if any(score < SIMILARITY_THRESHOLD for score in other_scores):
        return 0.0
    for initial in query.initials:
        if not any(part.startswith(initial) for part in forenames):
            return 0.0
    scores = [surname_score, *other_scores]
    closeness = sum(scores) / len(scores)
    # Among equal stems, the surname spelled closest to the query's comes first
    # (Смиирнов finds Смирнов before Смирнев).
    spelling = _best(query.words[surname_index], [recorded_surname(key.exact)]) / 10
    if query.exact in exact_forms(key.exact):
        tier = 3 if key.is_main else 2.5
    elif all(score == 1.0 for score in scores):
        tier = 2
    else:
        tier = 1
    # A query that names more of the person ranks them above one that names less.
    return tier + closeness + spelling + 0.01 * len(other_scores)
