"""Names in Latin letters for English readers, where no Latin form of a name is recorded.

The letters follow BGN/PCGN romanization of Russian (1947) and of Kazakh (1979), written
without diacritics or apostrophes (ё as yo) so that a reader can type what they see: Жұмабаев is
Zhumabayev, Ержанов Yerzhanov, Щербаков Shcherbakov, Ғабит Ghabit, Қонаев Qonayev. The
result is a reading aid marked as such on the page, never a record: search keys come from
people/matching.py, which reads every spelling, this one included.
"""

import re

LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip

VOWELS = set("аәеёиоөуұүыіэюя")
# BGN/PCGN writes е as "ye" at the start of a word and after a vowel, й, ъ or ь.
SOFTENED_AFTER = VOWELS | set("йъь")
# After ж, ч, ш and щ the ё is heard as a plain o: Khrushchov, Pugachov.
HUSHING = set("жчшщ")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


def romanize(text):
    """A Cyrillic name in Latin letters: "Сейфуллин Сәкен" -> "Seyfullin Saken"."""
    return CYRILLIC_WORD.sub(lambda match: _romanize_word(match.group()), text)


def _romanize_word(word):
    letters = []
    previous = ""
    for char in word:
        lower = char.lower()
        latin = LETTERS.get(lower, char)
        if lower == "е" and (not previous or previous in SOFTENED_AFTER):
            latin = "ye"
        elif lower == "ё" and previous in HUSHING:
            latin = "o"
        if char != lower and latin:
            latin = latin[0].upper() + latin[1:]
        letters.append(latin)
        previous = lower
    latin_word = "".join(letters)
    # A surname written in capitals, as many lists do (ЦОЙ), stays in capitals (TSOY).
    return latin_word.upper() if len(word) > 1 and word.isupper() else latin_word
