"""Reading a Book of Memory as it is published: text entries, one per person, separated by
blank lines, in Memorial's narrative form ("Абенов Касым Абенович (1899) Родился в 1899 г.,
…; казах; … Арестован 2 октября 1937 г. …") or Open List's labelled one ("Дата ареста: …").

Each entry becomes the cells of one row (TEXT_COLUMNS), which the spreadsheet import then
checks and writes as it does any row. Dates are cut out as written and read by the import's
own date reading. Nothing is lost: the entry's whole text is a cell of its own, and every
phrase that fills no field is kept in words, those it could not place at all apart, so that
the report counts them."""

import json
import re
from dataclasses import dataclass, field

from memorial.base.text import name_key

# Field name -> the header the bad-rows report and the mapping page show it under. The
# headers of fields a spreadsheet also has are ones guess_columns() knows.
TEXT_COLUMNS = {
    "entry": "Запись (первая строка)",
    "record_id": "№",
    "full_name": "ФИО",
    "sex": "Пол",
    "birth_date": "Дата рождения",
    "birth_place": "Место рождения",
    "nationality": "Национальность",
    "occupation": "Профессия",
    "residence": "Место проживания",
    "arrest_date": "Дата ареста",
    "charge": "Обвинение",
    "sentencing_body": "Осудивший орган",
    "sentence_date": "Дата осуждения",
    "sentence": "Приговор",
    "rehabilitation_date": "Дата реабилитации",
    "rehabilitation_body": "Реабилитирующий орган",
    "fate": "Судьба",
    "death_date": "Дата смерти",
    "death_place": "Место смерти",
    "source_reference": "Источник",
    "more_cases": "Повторные аресты",
    "note": "Сведения без поля",
    "unplaced": "Не разобрано",
    "excerpt": "Текст записи",
}
CASE_KEYS = (
    "arrest_date",
    "charge",
    "sentencing_body",
    "sentence_date",
    "sentence",
    "rehabilitation_date",
    "rehabilitation_body",
)
LOCATOR_LIMIT = 120

# Month and season words as lists write them, in any case ("марта", "в мае", "сент.").
_MONTH_WORD = (
    r"(?:январ|феврал|март|апрел|ма[йяюе]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|янв|фев|апр|авг|сен|окт|ноя|дек|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде"
    r"|тамыз|қыркүйек|қазан|қараша|желтоқсан|зим|весн|лет|осен)[а-яё]*\.?"
)
_YEAR_WORD = r"(?:\s*(?:гг?\.|года?|ж\.|жылы|жылғы))?"
# A date as lists write it, cut out to be read by PartialDate.parse (never read here).
DATE_PHRASE = re.compile(
    r"(?:(?<![\w-])(?:в|во)\s+)?(?:(?:ок\.|около|примерно)\s*)?"
    r"(?:\d{4}\s+жылғы\s+\d{1,2}\s+" + _MONTH_WORD + r"(?!\w)"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|\d{1,2}\.[IVX]{1,4}\.\d{4}"
    r"|\d{4}\s*[–-]\s*\d{4}"
    r"|\d{4}-\d{2}(?:-\d{2})?(?!\d)"
    r"|(?:\d{1,2}\s+)?(?<![\w-])" + _MONTH_WORD + r"\s+\d{4}"
    r"|\d{4}(?:-е)?)" + _YEAR_WORD,
    re.IGNORECASE,
)
_LEADING_IN = re.compile(r"^(?:в|во)\s+", re.IGNORECASE)

# Open List's labels, and the field each fills.
LABELS = {
    "дата рождения": "birth_date",
    "год рождения": "birth_date",
    "место рождения": "birth_place",
    "пол": "sex",
    "национальность": "nationality",
    "профессия / место работы": "occupation",
    "профессия/место работы": "occupation",
    "профессия": "occupation",
    "место работы": "occupation",
    "место проживания": "residence",
    "дата ареста": "arrest_date",
    "обвинение": "charge",
    "осуждение": "sentence_date",
    "дата осуждения": "sentence_date",
    "осудивший орган": "sentencing_body",
    "приговор": "sentence",
    "дата расстрела": "death_date",
    "дата смерти": "death_date",
    "место смерти": "death_place",
    "дата реабилитации": "rehabilitation_date",
    "реабилитирующий орган": "rehabilitation_body",
    "источники данных": "source_reference",
    "источник": "source_reference",
}
_LABEL_LINE = re.compile(r"^\s*([А-ЯЁа-яё][а-яё /]{1,40}?)\s*:\s*(.*)$")

# The sentences of the narrative form, by the words they begin with.
STARTERS = (
    ("birth", r"Родил(?:ся|ась)"),
    ("residence", r"Проживал[аи]?:?"),
    ("again", r"Повторно\s+арестован[аы]?"),
    ("arrest", r"Арестован[аы]?"),
    ("sentenced", r"(?:Приговорен[аы]?|Осужден[аы]?)\s*:?"),
    ("sentence", r"Приговор\s*:"),
    ("shot", r"Расстрелян[аы]?"),
    ("custody", r"Умерл?а?\s+в\s+заключении"),
    ("exile", r"Умерл?а?\s+в\s+ссылке"),
    ("released", r"Освобожден[аы]?"),
    ("burial", r"Место\s+захоронения\s*:?"),
    ("died", r"Умер(?:ла)?"),
    ("rehabilitated", r"Реабилитирован[аы]?:?"),
    ("source", r"Источник(?:и)?\s*:"),
)
_STARTER = re.compile("|".join(rf"(?P<{kind}>(?<![\w-]){words}(?!\w))" for kind, words in STARTERS))
# A book's own numbering of its entries: the entry's key, as a list's record number is.
_ENTRY_NUMBER = re.compile(r"^\s*(?:№\s*(\d{1,7})[.)]?|(\d{1,7})[.)])\s+(?=\S)")
_NAME_LINE = re.compile(r"^(?P<name>[^()\d:]+?)\s*\((?P<years>[^)]*)\)\s*(?P<rest>.*)$")
_FEMALE_VERB = re.compile(r"\b(?:Родилась|Арестована|Проживала|Осуждена|Приговорена)\b")
_MALE_VERB = re.compile(r"\b(?:Родился|Арестован|Проживал|Осужден|Приговорен)\b")
_SEX_WORDS = {"м": "m", "муж": "m", "мужской": "m", "ж": "f", "жен": "f", "женский": "f"}
FATES = {"shot": "shot", "custody": "died_in_custody", "exile": "died_in_exile"}
# Sentences whose words end at the first full stop: what follows is another sentence.
_ENDED = {"residence", "again", "arrest", "sentence", "shot", "custody", "exile", "died",
          "released", "rehabilitated"}  # fmt: skip
_NEXT_SENTENCE = re.compile(r"\.\s+(?=[А-ЯЁӘҒҚҢӨҰҮҺІ])")
# Parts of the birth sentence that fill no field and are kept in words without a warning.
_KNOWN_PARTS = re.compile(
    r"^(?:образование\b|(?:не|мало)?грамотн|б/п$|беспартийн|член\b|чл\.|канд\.|кандидат\b)", re.I
)
_NATIONALITY = re.compile(
    r"^(?:[а-яё]+(?:ец|ка|ин|анка|янка|ый|ий|ая|ой|ек|ак|ык)|казах|узбек|уйгур|грек|поляк|чех"
    r"|серб|перс|курд|турок|литовец|немец|кореец|чеченец|ингуш|калмык|еврей|еврейка|татарин)$"
)


@dataclass
class Entry:
    """What one entry says, as text cells; cases[0] is the first arrest."""

    first_line: str = ""
    fields: dict = field(default_factory=dict)
    cases: list = field(default_factory=list)
    known: list = field(default_factory=list)  # kept in words: no field holds it
    unplaced: list = field(default_factory=list)  # kept in words: not understood

    def case(self):
        if not self.cases:
            self.cases.append({})
        return self.cases[-1]


# Abbreviations written with a full stop, which a sentence's end does not take away.
_ABBREVIATED_END = re.compile(
    r"(?<![\w-])(?:обл|г|гг|губ|ст|ч|с|п|пос|д|ул|им|т|стр|р|ок|к\.-р|обв|ж|тов|мкр|пгт|ауд"
    r"|кв|корп|а|х|уч|нач|зав|пред|секр|ком|сов|отд|упр|л|лл|с-з|к-з)\.$"
)


def clean(text):
    """Spacing made single, and the sentence's own full stop taken off (not that of an
    abbreviation such as "обл." or "г.")."""
    text = " ".join(text.split()).strip(" ,;")
    if text.endswith(".") and not _ABBREVIATED_END.search(text):
        text = text[:-1].rstrip(" ,;")
    return text


def decode(data):
    """The file's text: UTF-8 (with or without its mark), else Windows-1251."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def split_entries(lines):
    """(number, text) for each entry: lines up to a blank line, numbered from 1."""
    number, current = 0, []
    for line in lines:
        if line.strip():
            current.append(line.rstrip("\r\n"))
        elif current:
            number += 1
            yield number, "\n".join(current)
            current = []
    if current:
        yield number + 1, "\n".join(current)


def cut_date(text):
    """(the date phrase at the start of `text` or found in it, the text around it)."""
    match = DATE_PHRASE.search(text)
    if not match:
        return "", clean(text)
    phrase = _LEADING_IN.sub("", match[0].strip())
    rest = clean(text[: match.start()] + " " + text[match.end() :])
    rest = clean(re.sub(r"(?:^|\s)(?:в|во)$", "", rest))
    return phrase.rstrip(" ,;"), rest


def sex_from(text):
    """The sex ("m", "f" or "") from the words of "Пол: мужской", or from the verbs of the
    narrative ("Родилась", "Арестован")."""
    word = text.casefold().strip(" .")
    if word in _SEX_WORDS:
        return _SEX_WORDS[word]
    if _FEMALE_VERB.search(text):
        return "f"
    if _MALE_VERB.search(text):
        return "m"
    return ""


def name_and_rest(text):
    """(the name, the birth year in brackets, the text after them) of an entry. An entry
    whose first words are a sentence or a label has no name."""
    first, _, after = text.partition("\n")
    match = _NAME_LINE.match(first)
    if match:
        return clean(match["name"]), clean(match["years"]), (match["rest"] + "\n" + after)
    if _LABEL_LINE.match(first) or _STARTER.match(first.strip()):
        return "", "", text
    starter = _STARTER.search(first)
    if starter:
        return clean(first[: starter.start()]), "", first[starter.start() :] + "\n" + after
    return clean(first), "", after


# Labels that begin a sentence of the narrative form too.
_NARRATIVE_LABELS = {"приговор", "источник"}


def is_labelled(text):
    """Whether the entry is in the labelled form: a line begins with a label of its own."""
    return any(
        (match := _LABEL_LINE.match(line))
        and match[1].casefold().strip() in LABELS.keys() - _NARRATIVE_LABELS
        for line in text.splitlines()
    )


# -- Memorial's narrative form ---------------------------------------------------------


def sentences(text):
    """(kind, the words after the starter) for each sentence, and the text before the
    first one ("" when there is none)."""
    text = " ".join(text.split())
    matches = list(_STARTER.finditer(text))
    before = text[: matches[0].start()] if matches else text
    found = []
    for match, following in zip(matches, [*matches[1:], None][: len(matches)], strict=True):
        end = following.start() if following else len(text)
        found.append((match.lastgroup, text[match.end() : end].strip(" :")))
    return clean(before), found


def sentence_and_tail(words):
    """(the sentence's words, the sentences after it that no starter begins), split at the
    first full stop that ends a word, not an abbreviation ("обл.", "г.")."""
    for match in _NEXT_SENTENCE.finditer(words):
        if not _ABBREVIATED_END.search(words[: match.start() + 1]):
            return words[: match.start()], clean(words[match.end() :])
    return words, ""


def leading_date(text):
    """(the date phrase that `text` begins with, the text after it)."""
    text = text.strip()
    match = DATE_PHRASE.match(text)
    if not match:
        return "", text
    rest = _LEADING_IN.sub("", text[match.end() :].strip(" ,;"))
    return _LEADING_IN.sub("", match[0].strip()).rstrip(" ,;"), rest


def read_birth(entry, words):
    """The birth sentence: "в 1899 г., Акмолинская обл.; казах; образование начальное; б/п;
    чабан"."""
    first, *parts = [part.strip() for part in words.split(";")]
    date, place = leading_date(first)
    entry.fields["birth_date"] = entry.fields.get("birth_date") or date
    if clean(place):
        entry.fields["birth_place"] = clean(place)
    occupation = []
    for part in (clean(part) for part in parts):
        if not part:
            continue
        if _NATIONALITY.match(part.casefold()) and "nationality" not in entry.fields:
            entry.fields["nationality"] = part
        elif _KNOWN_PARTS.match(part):
            entry.known.append(part)
        else:
            occupation.append(part)
    if occupation:
        entry.fields["occupation"] = "; ".join(occupation)


_CHARGED = re.compile(r"(?:обв\.|обвинение)\s*:?", re.IGNORECASE)


def read_sentenced(case, words):
    """The sentencing: "тройка при УНКВД по … обл. 28 октября 1937 г., обв.: 58-10, 58-11"."""
    body, *charged = _CHARGED.split(words, maxsplit=1)
    charge = charged[0] if charged else ""
    date, body = cut_date(body)
    case["sentence_date"] = date
    case["sentencing_body"] = body
    if clean(charge):
        case["charge"] = clean(charge)


def read_fate(entry, kind, words):
    date, place = cut_date(words)
    if kind in FATES:
        entry.fields["fate"] = FATES[kind]  # a death is the end, whatever came before
    place = _LEADING_IN.sub("", place)
    if date:
        entry.fields["death_date"] = date
    if place:
        entry.fields["death_place"] = place


def read_rehabilitation(case, words):
    date, body = cut_date(words)
    case["rehabilitation_date"] = date or "реабилитирован"
    if body:
        case["rehabilitation_body"] = body


def read_sentence_words(case, words):
    """The sentence as written: "ВМН", "10 лет ИТЛ", "8 лет ИТЛ как ЧСИР"."""
    case["sentence"] = clean(words)


def read_arrest(entry, kind, words):
    if kind == "again" or entry.case().get("arrest_date"):
        entry.cases.append({})
    date, rest = cut_date(words)
    entry.case()["arrest_date"] = date
    if rest:
        entry.unplaced.append(rest)


def read_sentence(entry, kind, words):
    """One sentence of the narrative form into the entry (see STARTERS)."""
    if kind == "birth":
        read_birth(entry, words)
    elif kind == "residence":
        entry.fields["residence"] = clean(words)
    elif kind in ("again", "arrest"):
        read_arrest(entry, kind, words)
    elif kind == "sentenced":
        read_sentenced(entry.case(), words)
    elif kind == "sentence":
        read_sentence_words(entry.case(), words)
    elif kind in FATES or kind == "died":
        read_fate(entry, kind, words)
    elif kind == "released":
        entry.fields.setdefault("fate", "released")
        entry.known.append(clean("Освобожден " + words))
    elif kind == "burial":
        entry.known.append(clean("Место захоронения: " + words))
    elif kind == "rehabilitated":
        read_rehabilitation(entry.case(), words)
    elif kind == "source":
        entry.fields["source_reference"] = clean(words)


def read_narrative(entry, text):
    before, found = sentences(text)
    if before:
        entry.unplaced.append(before)
    for kind, words in found:
        if kind in _ENDED:
            words, tail = sentence_and_tail(words)
            if tail:
                entry.unplaced.append(tail)
        read_sentence(entry, kind, words)
    entry.fields["sex"] = sex_from(text)


# -- Open List's labelled form ---------------------------------------------------------


def labelled_lines(text):
    """(label or None, value) for each labelled line; an unlabelled line continues the
    value before it."""
    lines = []
    for line in text.splitlines():
        match = _LABEL_LINE.match(line)
        label = match[1].casefold().strip() if match else None
        if match and label in LABELS:
            lines.append([label, match[2].strip()])
        elif lines:
            lines[-1][1] = f"{lines[-1][1]} {line.strip()}".strip()
        else:
            lines.append([None, line.strip()])
    return lines


def read_label(entry, label, value):
    name = LABELS[label]
    value = clean(value)
    if not value:
        return
    if name == "arrest_date" and entry.case().get("arrest_date"):
        entry.cases.append({})
    if name in CASE_KEYS:
        read_case_label(entry.case(), name, value)
    elif name == "sex":
        entry.fields["sex"] = sex_from(value)
    elif name == "death_date":
        date, rest = cut_date(value)
        entry.fields["death_date"] = date or value
        entry.fields.setdefault("fate", "shot" if label == "дата расстрела" else "")
        if rest:
            entry.fields["death_place"] = rest
    elif name == "birth_date":
        entry.fields["birth_date"] = cut_date(value)[0] or value
    else:
        entry.fields[name] = value


def read_case_label(case, name, value):
    if name == "rehabilitation_date":
        read_rehabilitation(case, value)
    elif name.endswith("_date"):
        case[name] = cut_date(value)[0] or value
    else:
        case[name] = value


def read_labelled(entry, text):
    for label, value in labelled_lines(text):
        if label is None:
            entry.unplaced.append(clean(value))
        else:
            read_label(entry, label, value)
    if not entry.fields.get("sex"):
        entry.fields["sex"] = sex_from(text)


# -- one entry as the cells of a row ---------------------------------------------------


def entry_number(text):
    """(the entry's own number, as in "12. Абенов …" or "№ 12 Абенов …", the text after it)."""
    match = _ENTRY_NUMBER.match(text)
    if not match:
        return "", text
    return match[1] or match[2], text[match.end() :]


def read_entry(text):
    """What the entry says (an Entry); a pure function of its text."""
    number, unnumbered = entry_number(text)
    name, years, rest = name_and_rest(unnumbered)
    entry = Entry(first_line=clean(text.splitlines()[0]) if text.strip() else "")
    entry.fields["full_name"] = name
    entry.fields["record_id"] = number
    if is_labelled(rest):
        read_labelled(entry, rest)
    else:
        read_narrative(entry, rest)
    if years and not entry.fields.get("birth_date"):
        entry.fields["birth_date"] = cut_date(years)[0] or years
    return entry


def locator(reference):
    """The source line as the entry's own reference, within the column's length (the
    whole line stays in the entry's text)."""
    return reference if len(reference) <= LOCATOR_LIMIT else reference[: LOCATOR_LIMIT - 1] + "…"


def entry_cells(text):
    """The entry as a row's cells, in TEXT_COLUMNS' order."""
    entry = read_entry(text)
    values = {**entry.fields, **(entry.cases[0] if entry.cases else {})}
    values["entry"] = entry.first_line
    values["source_reference"] = locator(values.get("source_reference", ""))
    more = [{key: case.get(key, "") for key in CASE_KEYS} for case in entry.cases[1:]]
    values["more_cases"] = json.dumps(more, ensure_ascii=False) if more else ""
    values["note"] = "\n".join(entry.known)
    values["unplaced"] = "\n".join(phrase for phrase in entry.unplaced if phrase)
    values["excerpt"] = text.strip()
    return [values.get(name) or "" for name in TEXT_COLUMNS]


def looks_like_entries(sample):
    """Whether a .txt file holds entries rather than a table: its first line is not a row
    of separated headers, and the text has the entries' labels or sentences."""
    first = next((line for line in sample.splitlines() if line.strip()), "")
    if _NAME_LINE.match(first) and re.search(r"\(\D*\d{4}", first):
        return True
    if ";" in first or "\t" in first or first.count(",") > 2:
        return False
    return is_labelled(sample) or bool(_STARTER.search(" ".join(sample.split())))


# -- camps named in an entry -----------------------------------------------------------


def camp_words(row):
    """Where a checked row (rows.StagedRow) may name a camp it was held in: its words kept,
    place of death and sentence, not its residence (Dolinka is a village too)."""
    return f"{row.note} {row.death_place} {row.sentence_text}"


def camp_matcher(camps):
    """From (camp id, name, full name, abbreviation) of the portal's camps, a function that
    gives the ids of the camps a text names, in any script and case ending ("в Карлаге"
    names Karlag), or None when there are no camps to name."""
    ids = {}
    for camp_id, *names in camps:
        for name in names:
            key = name_key(name or "")
            if len(key) >= 4:  # "ИТЛ" or "Лаг" alone would name every camp
                ids.setdefault(key, camp_id)
    if not ids:
        return None
    alternatives = "|".join(re.escape(key) for key in sorted(ids, key=len, reverse=True))
    pattern = re.compile(rf"(?<![a-z0-9])({alternatives})[a-z]{{0,3}}(?![a-z0-9])")

    def named(text):
        return sorted({ids[match[1]] for match in pattern.finditer(name_key(text))})

    return named
