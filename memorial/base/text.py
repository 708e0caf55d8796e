"""Plain-text helpers: transliteration for URLs and sanitising archivists' formatted text."""

import re
import unicodedata

import nh3
from django.utils.text import slugify

# Kazakh and Russian Cyrillic to plain Latin, for readable URLs only. Name search (issue
# "find a name whatever way it is spelled") needs far more than this table.
_CYRILLIC_TO_LATIN = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
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
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}


def transliterate(text):
    return "".join(
        _CYRILLIC_TO_LATIN.get(char, _CYRILLIC_TO_LATIN.get(char.lower(), char)) for char in text
    )


def name_key(text):
    """A spelling-blind Latin key for matching names across scripts.

    "Байтұрсынұлы", "Baiturssynov" and "Байтурсынов" share the stem "baitursin": Cyrillic
    is transliterated, accents dropped, y and j read as i, and doubled letters collapsed.
    """
    latin = transliterate(text.lower())
    plain = unicodedata.normalize("NFKD", latin)
    letters = []
    for char in plain:
        if unicodedata.combining(char):
            continue
        if char.isalnum():
            char = {"y": "i", "j": "i", "w": "v"}.get(char, char)
            if not letters or letters[-1] != char:
                letters.append(char)
        elif letters and letters[-1] != " ":
            letters.append(" ")
    key = "".join(letters).strip()
    for spelling, sound in _KEY_SOUNDS:
        key = spelling.sub(sound, key)
    return key


# Common English and German spellings of the same sounds: Akhmet/Ahmet, Schmidt/Shmidt,
# Zhumabayev/Zhumabaev (a "y" written before "e" after a vowel).
_KEY_SOUNDS = [
    (re.compile(r"dsch"), "zh"),
    (re.compile(r"tsch"), "ch"),
    (re.compile(r"sch"), "sh"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"(?<=[aeiou])ie"), "e"),
]


def latin_slug(text, max_length=80):
    """A URL slug in Latin letters, also for names recorded only in Cyrillic."""
    return slugify(transliterate(text))[:max_length].strip("-")


ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "blockquote",
    "q",
    "cite",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "sup",
    "sub",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def sanitize_html(html):
    """Keep only the tags a biography needs; scripts, styles and event handlers go."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def clean_query(text, max_length=200):
    """A visitor's search text without control characters (PostgreSQL refuses NUL) or
    runs of spaces, cut to a length no name needs to exceed."""
    printable = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in text or ""
    )
    return " ".join(printable.split())[:max_length]


# Where one block of formatted text ends and the next begins: "…in 1937.</p><p>Named…"
# must not become "…in 1937.Named…" once the tags are gone.
BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|ul|ol|div)\s*>|<br\s*/?>)", re.IGNORECASE)


def strip_html(html, paragraphs=False):
    """Plain text of formatted text, for descriptions and link previews, still escaped for
    a page. With `paragraphs`, blocks stay apart as lines with an empty line between."""
    # A line break in the source is only a space: the blocks alone make new lines.
    flowing = " ".join((html or "").split())
    text = nh3.clean(BLOCK_END.sub(r"\1\n", flowing), tags=set())
    blocks = [" ".join(line.split()) for line in text.split("\n")]
    return ("\n\n" if paragraphs else " ").join(block for block in blocks if block)
