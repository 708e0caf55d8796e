"""A made-up Book of Memory as text entries, one per person, for the import benchmark.

Entry N is the person and facts of row N of the synthetic list (synthetic.py) drawn from the
same seed, so the text import and the spreadsheet import write the same people and their
figures compare. Odd entries are in Memorial's narrative form, even ones in Open List's
labelled form; each begins with its number ("12. "), the entry's key as the list's "№" is."""

from memorial.bench.synthetic import LIST_HEADERS, list_person

MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def in_words(date):
    """ "02.10.1937" -> "2 октября 1937 г.", as the narrative form writes dates."""
    day, month, year = date.split(".")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year} г."


def verb(word, sex):
    """ "Арестован" -> "Арестована" for a woman; "Родился" -> "Родилась"."""
    if sex != "f":
        return word
    return word[:-2] + "ась" if word.endswith("ся") else word + "а"


def narrative(number, sex, facts):
    """Memorial's form: the name and year, then sentences on one line."""
    year = facts["Год рождения"].split()[0]
    sentences = [
        f"{verb('Родился', sex)} в {year} г., {facts['Место рождения']}; "
        f"{facts['Национальность']}; {facts['Профессия']}.",
        f"{verb('Арестован', sex)} {in_words(facts['Дата ареста'])}",
        f"{verb('Приговорен', sex)}: {facts['Кем осужден']} {in_words(facts['Дата приговора'])}, "
        f"обв.: {facts['Обвинение']}.",
        f"Приговор: {facts['Приговор']}"
        + (
            f" {verb('Расстрелян', sex)} {in_words(facts['Дата расстрела'])}"
            if facts["Дата расстрела"]
            else "."
        ),
    ]
    if facts["Реабилитирован"]:
        sentences.append(f"{verb('Реабилитирован', sex)} {facts['Реабилитирован']} г.")
    sentences.append(f"Источник: {facts['Архивное дело']}")
    return f"{number}. {facts['ФИО']} ({year})\n" + " ".join(sentences)


def labelled(number, sex, facts):
    """Open List's form: the name, then one labelled line a field."""
    lines = [
        f"{number}. {facts['ФИО']}",
        f"Дата рождения: {facts['Год рождения'].split()[0]}",
        f"Место рождения: {facts['Место рождения']}",
        f"Пол: {'женский' if sex == 'f' else 'мужской'}",
        f"Национальность: {facts['Национальность']}",
        f"Профессия / место работы: {facts['Профессия']}",
        f"Дата ареста: {facts['Дата ареста']}",
        f"Обвинение: {facts['Обвинение']}",
        f"Осуждение: {facts['Дата приговора']}",
        f"Осудивший орган: {facts['Кем осужден']}",
        f"Приговор: {facts['Приговор']}",
    ]
    if facts["Дата расстрела"]:
        lines.append(f"Дата расстрела: {facts['Дата расстрела']}")
    if facts["Реабилитирован"]:
        lines.append(f"Дата реабилитации: {facts['Реабилитирован']}")
    lines.append(f"Источники данных: {facts['Архивное дело']}")
    return "\n".join(lines)


def text_entry(rng, number):
    """Entry `number`, drawn from `rng` as row `number` of the synthetic list is."""
    person, cells = list_person(rng, number)
    facts = dict(zip(LIST_HEADERS, cells, strict=True))
    form = narrative if number % 2 else labelled
    return form(number, person["sex"], facts)


def write_entries(handle, rng, count):
    """The entries 1..count, separated by blank lines, into a text file open for writing."""
    for number in range(1, count + 1):
        handle.write(text_entry(rng, number))
        handle.write("\n\n")
