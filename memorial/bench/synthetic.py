"""Made-up people for load tests: realistic names of the peoples of the region, with name
variants, arrests, camp terms and deportation records. Every one is marked synthetic."""

import random

from memorial.base.text import transliterate

# Common given names and surname roots, as Russian records wrote them.
PEOPLES = {
    "Kazakh": {
        "male": [
            "Ахмет",
            "Нурлан",
            "Серик",
            "Болат",
            "Ержан",
            "Кайрат",
            "Темирбек",
            "Сабит",
            "Габдулла",
            "Жаксылык",
            "Бахыт",
            "Асан",
            "Мухтар",
            "Абай",
            "Бекет",
            "Толеген",
            "Есенгельды",
            "Канат",
            "Марат",
            "Мурат",
            "Нуржан",
            "Омар",
            "Рахим",
            "Сакен",
            "Тулеу",
            "Уали",
            "Шакен",
            "Ыбырай",
            "Жумабай",
            "Байтурсын",
            "Дулат",
            "Сейткали",
            "Кенжебай",
            "Ермек",
            "Искак",
            "Муса",
            "Смагул",
            "Утеген",
            "Бейсен",
            "Алимхан",
        ],
        "female": [
            "Айша",
            "Гульжан",
            "Зейнеп",
            "Гульнара",
            "Сауле",
            "Бибигуль",
            "Айгуль",
            "Жамал",
            "Камшат",
            "Макпал",
            "Назира",
            "Роза",
            "Улжан",
            "Шолпан",
        ],
        "suffixes": ["ов", "ев", "баев", "беков", "ин"],
        "kazakh_form": True,
    },
    "Russian": {
        "male": [
            "Иван",
            "Пётр",
            "Сергей",
            "Николай",
            "Алексей",
            "Михаил",
            "Фёдор",
            "Григорий",
            "Аркадий",
            "Юрий",
            "Василий",
            "Дмитрий",
            "Павел",
            "Андрей",
            "Семён",
            "Илья",
        ],
        "female": ["Мария", "Анна", "Евгения", "Ольга", "Татьяна", "Елена", "Наталья", "Вера"],
        "roots": [
            "Иван",
            "Петр",
            "Сидор",
            "Кузнец",
            "Смирн",
            "Попов",
            "Волк",
            "Зайц",
            "Морозов",
            "Соколов",
            "Лебедев",
            "Козлов",
            "Новик",
            "Щербак",
            "Воробь",
            "Жук",
            "Яковл",
            "Орл",
            "Медвед",
            "Громов",
            "Белов",
            "Комаров",
            "Титов",
            "Фролов",
            "Быков",
        ],
        "suffixes": ["ов", "ев", "ин", "ский"],
    },
    "Ukrainian": {
        "male": ["Тарас", "Микола", "Ярослав", "Богдан", "Остап", "Василь", "Петро", "Степан"],
        "female": ["Олена", "Оксана", "Ганна", "Марія", "Катерина", "Галина"],
        "roots": [
            "Шевченк",
            "Ковальчук",
            "Ткачук",
            "Бондаренк",
            "Кравченк",
            "Мельник",
            "Григоренк",
            "Лисенк",
            "Павленк",
            "Савчук",
            "Руденк",
            "Марченк",
        ],
        "suffixes": ["о", ""],
    },
    "German": {
        "male": ["Иоганн", "Генрих", "Вильгельм", "Андрей", "Фридрих", "Карл", "Эмиль", "Якоб"],
        "female": ["Эмма", "Эльза", "Мария", "Анна", "Луиза", "Ида", "Берта"],
        "roots": [
            "Шмидт",
            "Мюллер",
            "Шнейдер",
            "Вебер",
            "Гофман",
            "Беккер",
            "Вагнер",
            "Шульц",
            "Кох",
            "Рихтер",
            "Клейн",
            "Вольф",
            "Нейман",
            "Шварц",
            "Циммерман",
            "Браун",
        ],
        "suffixes": [""],
    },
    "Korean": {
        "male": ["Владимир", "Николай", "Ен Хо", "Сен Гу", "Григорий", "Чан Су", "Дмитрий"],
        "female": ["Мария", "Сун Ок", "Анна", "Ен Сук", "Ольга"],
        "roots": ["Цой", "Ким", "Пак", "Ли", "Хан", "Тен", "Югай", "Шин", "Кан", "Нам", "Ни"],
        "suffixes": [""],
    },
    "Chechen": {
        "male": ["Ахмед", "Хасан", "Рамзан", "Зелимхан", "Муса", "Ваха", "Докка", "Шамиль"],
        "female": ["Малика", "Зарема", "Хава", "Айшат", "Петимат"],
        "roots": [
            "Дудаев",
            "Магомадов",
            "Цокаев",
            "Умаров",
            "Хасанов",
            "Бисултанов",
            "Мусаев",
            "Алиев",
            "Исаев",
            "Масхадов",
        ],
        "suffixes": [""],
    },
    "Polish": {
        "male": ["Станислав", "Юзеф", "Казимир", "Ян", "Францишек", "Владислав"],
        "female": ["Ядвига", "Зофья", "Барбара", "Ванда", "Хелена"],
        "roots": [
            "Ковальск",
            "Вишневск",
            "Новак",
            "Зелинск",
            "Левандовск",
            "Каминск",
            "Войцеховск",
            "Домбровск",
            "Маевск",
        ],
        "suffixes": ["ий", ""],
    },
}

NATIONALITY = {
    "Kazakh": "казах",
    "Russian": "русский",
    "Ukrainian": "украинец",
    "German": "немец",
    "Korean": "кореец",
    "Chechen": "чеченец",
    "Polish": "поляк",
}
WEIGHTS = {
    "Kazakh": 40,
    "Russian": 20,
    "Ukrainian": 10,
    "German": 12,
    "Korean": 7,
    "Chechen": 6,
    "Polish": 5,
}
PLACES = [
    "Акмолинск",
    "Караганда",
    "Семипалатинск",
    "Алма-Ата",
    "Петропавловск",
    "Кустанай",
    "Актюбинск",
    "Уральск",
    "Гурьев",
    "Кзыл-Орда",
    "Чимкент",
    "Павлодар",
    "Саратов",
    "Владивосток",
    "Грозный",
    "Житомир",
    "Энгельс",
]


def feminine(surname):
    for ending, female in (
        ("ский", "ская"),
        ("ий", "ая"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ин", "ина"),
    ):
        if surname.endswith(ending):
            return surname[: -len(ending)] + female
    return surname


def kazakh_form(surname):
    """Байтурсынов -> Байтұрсынұлы: the traditional patronymic form of a Russified surname."""
    for ending in ("ов", "ев", "ин"):
        if surname.endswith(ending):
            return surname[: -len(ending)] + "ұлы"
    return surname


def make_surname(rng, people, data):
    if "roots" in data:
        root = rng.choice(data["roots"])
    else:
        root = rng.choice(data["male"])
    suffix = rng.choice(data["suffixes"])
    if root.endswith(("ов", "ев", "ин")) and suffix:
        suffix = ""
    return root + suffix


def typo(rng, text):
    """One letter dropped or doubled, as a clerk's hand or a later copy might have it."""
    if len(text) < 5:
        return text
    index = rng.randrange(1, len(text) - 1)
    if rng.random() < 0.5:
        return text[:index] + text[index + 1 :]
    return text[:index] + text[index] + text[index:]


def arrest_years(rng, born):
    """Most were arrested once; some twice (released in between, taken again)."""
    years = range(max(born + 18, 1921), 1954)
    return sorted(rng.sample(years, k=min(rng.choice([1, 1, 1, 2]), len(years))))


def person_data(rng, people=None, sex=None, surname=None, born=None, father=None):
    """One made-up person: name, variants, life and what happened to them. A family member
    comes with what the family fixes (people, sex, surname, birth year, father's name); the
    rest is drawn as for anyone."""
    people = people or rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    data = PEOPLES[people]
    sex = sex or ("f" if rng.random() < 0.2 else "m")
    surname = surname or make_surname(rng, people, data)
    if sex == "f":
        surname = feminine(surname)
    given = rng.choice(data["female" if sex == "f" else "male"])
    patronymic = ""
    if people in ("Russian", "Kazakh") and (father or rng.random() < 0.6):
        father = father or rng.choice(PEOPLES[people]["male"])
        patronymic = father + ("овна" if sex == "f" else "ович")
    variants = [(transliterate(surname).title(), transliterate(given).title(), "latin", "latn")]
    if data.get("kazakh_form") and sex == "m" and rng.random() < 0.5:
        variants.append((kazakh_form(surname), given, "kazakh", "cyrl"))
    if rng.random() < 0.15:
        variants.append((typo(rng, surname), given, "spelling", "cyrl"))
    born = born or rng.randint(1860, 1935)
    return {
        "people": people,
        "sex": sex,
        "surname": surname,
        "given_name": given,
        "patronymic": patronymic,
        "birth_year": born,
        "approximate": rng.random() < 0.1,
        "birth_place": rng.choice(PLACES),
        "nationality": NATIONALITY[people],
        "variants": variants,
        "arrests": arrest_years(rng, born),
        "fate": rng.choice(["shot", "died_in_custody", "released", "died_in_exile", "unknown", ""]),
        "deported": people in ("German", "Korean", "Chechen", "Polish") and rng.random() < 0.6,
    }


def family_data(rng):
    """A made-up family: a husband, his wife and one to four children, as records of each.
    Returns (husband, wife, children); some wives were sentenced for their husband (ChSIR),
    the children born while both parents were of age."""
    husband = person_data(rng, sex="m", born=rng.randint(1860, 1905))
    root, people = husband["surname"], husband["people"]
    wife = person_data(
        rng, people=people, sex="f", surname=root, born=husband["birth_year"] + rng.randint(0, 10)
    )
    if husband["arrests"] and rng.random() < 0.3:
        # Arrested the year after him, as the wives of the "traitors" were, sentenced to a
        # camp term as his family member.
        year = min(husband["arrests"][0] + 1, 1953)
        wife.update(arrests=[year], fate=rng.choice(["released", "died_in_custody"]), chsir=True)
    earliest = max(husband["birth_year"] + 20, wife["birth_year"] + 18)
    latest = min(wife["birth_year"] + 40, 1938)
    births = sorted(rng.randint(earliest, latest) for _ in range(rng.choice([1, 2, 2, 3, 4])))
    children = [
        person_data(rng, people, rng.choice("mf"), root, born=born, father=husband["given_name"])
        for born in births
    ]
    return husband, wife, children


def random_source(seed):
    return random.Random(seed)


LIST_HEADERS = [
    "№",
    "ФИО",
    "Год рождения",
    "Место рождения",
    "Национальность",
    "Профессия",
    "Дата ареста",
    "Обвинение",
    "Кем осужден",
    "Дата приговора",
    "Приговор",
    "Дата расстрела",
    "Реабилитирован",
    "Архивное дело",
]
LIST_OCCUPATIONS = ["учитель", "колхозник", "рабочий", "счетовод", "агроном", "без определённых"]
LIST_BODIES = ["Тройка НКВД КазССР", "ОСО НКВД СССР", "Военная коллегия Верховного суда СССР"]
LIST_CHARGES = ["58-10", "58-2, 58-11", "58-1а", "58-7", "58-10, 58-11"]


def list_row(rng, number):
    """One row of a made-up Book of Memory list, as archives publish them in Russian."""
    return list_person(rng, number)[1]


def list_person(rng, number):
    """(the made-up person, their row of the list): the text entries of the same seed
    (synthetic_text.py) write the same people with the same facts."""
    person = person_data(rng)
    arrest = person["arrests"][0] if person["arrests"] else 1937
    arrested = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{arrest}"
    shot = rng.random() < 0.3
    sentenced = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{arrest + 1}"
    return person, [
        number,
        " ".join(
            part for part in (person["surname"], person["given_name"], person["patronymic"]) if part
        ),
        f"{person['birth_year']} г.р.",
        person["birth_place"],
        person["nationality"],
        rng.choice(LIST_OCCUPATIONS),
        arrested,
        rng.choice(LIST_CHARGES),
        rng.choice(LIST_BODIES),
        sentenced,
        "ВМН" if shot else f"{rng.choice([5, 8, 10, 15, 25])} лет ИТЛ",
        f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{arrest + 1}" if shot else "",
        str(rng.randint(1956, 1999)) if rng.random() < 0.7 else "",
        f"ф. 5, оп. 1, д. {number}",
    ]
