"""Made-up biographies for load tests of the text search: a few paragraphs of words drawn
with a Zipf-like frequency (the n-th most frequent word about 1/n as often as the first),
as words are in real texts, so that a benchmark meets words found in almost every text
and words found in a handful. Nonsense sentences from the vocabulary of the records:
nobody reads them, and each begins by saying the person never existed."""

import itertools

NOTES = {
    "ru": "<p>Синтетическая запись для нагрузочных испытаний. Этого человека не было.</p>",
    "kk": "<p>Жүктеме сынағына арналған жасанды жазба. Мұндай адам болмаған.</p>",
}

# Most frequent first. Russian in several case forms, so stemming has work to do.
WORDS = {
    "ru": """в и на с по был была из к за его её году после не от лагерь лагеря лагере
    лагерях семья семьи семье арестован арестована осуждён осуждена родился родилась
    работал работала жил жила время годы лет отец мать сын дочь жена муж брат сестра
    дети детей ссылка ссылке ссылку суд суда приговор приговору статья статье тройка
    тройки НКВД ОГПУ расстрелян расстреляна реабилитирован реабилитирована посмертно
    колхоз колхоза колхозе село села селе аул аула ауле район района районе область
    области степь степи город города городе Караганда Караганды Акмолинск Акмолинска
    Алма-Ата Алма-Аты Семипалатинск Петропавловск Долинка Долинке Спасск Спасске
    учитель учителем учительница врач врачом инженер инженером крестьянин крестьянина
    рабочий рабочим служащий бухгалтер агроном счетовод мулла кузнец чабан тракторист
    письмо письма письмах фотография фотографии архив архива архиве дело дела деле
    допрос допроса допросе обвинение обвинения шпионаж контрреволюционная агитация
    пропаганда вредительство троцкист националист Алаш Алашорда партия партии
    переселён переселена выслан выслана эшелон эшелоне вагон вагоне станция станции
    барак бараке землянка землянке голод голода зима зимой весна весной лето летом
    осень осенью умер умерла погиб погибла вернулся вернулась освобождён освобождена
    помнит помнят вспоминала вспоминал рассказывала рассказывал внук внучка правнук
    школа школы школе книга книги газета газеты стихи поэт писатель учёный учёного
    корейцы немцы поляки чеченцы ингуши карачаевцы балкарцы калмыки турки-месхетинцы
    Карлаг Карлага Карлаге Степлаг Степлага АЛЖИР Джезказган Балхаш Экибастуз Кенгир""",
    "kk": """және мен да де бір ол оның жылы кейін жер ауыл ауылы ауылда әкесі анасы
    баласы қызы әйелі күйеуі ағасы інісі апасы балалары отбасы отбасымен тұтқындалды
    сотталды атылды ақталды лагерь лагерде лагерьде жер аударылды айдауда айдауға
    мұғалім мұғалімі дәрігер ақын жазушы ғалым шаруа малшы молда ұстаз кеңсе қызметкер
    Қарағанды Ақмола Ақмолада Алматы Семей Петропавл Долинка Спасск Балқаш Жезқазған
    Алаш Алашорда ашаршылық ашаршылықта қыс қыста көктем жаз күз хат хаттар сурет
    суреттер мұрағат мұрағатта іс ісі тергеу айып айыпталды үштік НКВД ОГПУ колхоз
    колхозда мектеп мектепте кітап кітаптары өлең өлеңдері естелік естеліктері немересі
    шөбересі есінде айтып берді қайтып оралды қайтыс болды жерленді зираты бейіті""",
    "en": """the of and in to was he she his her a after from camp camps family arrested
    sentenced born worked lived years father mother son daughter wife husband brother
    sister children exile exiled court sentence article troika NKVD OGPU shot
    rehabilitated posthumously collective farm village district region steppe town
    Karaganda Akmolinsk Alma-Ata Semipalatinsk Petropavlovsk Dolinka Spassk teacher
    doctor engineer peasant worker clerk agronomist accountant mullah blacksmith
    shepherd letter letters photograph archive file interrogation charge espionage
    counter-revolutionary agitation propaganda sabotage nationalist Alash party deported
    resettled train wagon station barracks dugout famine winter spring summer autumn
    died returned released remembered grandson granddaughter school book newspaper poems
    poet writer scholar Koreans Germans Poles Chechens Ingush Kalmyks Karlag Steplag
    ALZhIR Dzhezkazgan Balkhash Ekibastuz Kengir""",
}


def zipf_table(words, exponent=1.0):
    """The cumulative weights of `words` in their order, for random.choices."""
    return list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(words) + 1)))


VOCABULARY = {code: text.split() for code, text in WORDS.items()}
WEIGHTS = {code: zipf_table(words) for code, words in VOCABULARY.items()}


def paragraphs(rng, language, count):
    words, weights = VOCABULARY[language], WEIGHTS[language]
    made = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentence = rng.choices(words, cum_weights=weights, k=rng.randint(6, 14))
            sentences.append(" ".join(sentence).capitalize() + ".")
        made.append("<p>" + " ".join(sentences) + "</p>")
    return "".join(made)


def biography(rng, note_en):
    """The three columns of one made-up biography: Russian always, Kazakh for about a
    third, English for about a fifth (after the English note every synthetic record has)."""
    texts = {"ru": NOTES["ru"] + paragraphs(rng, "ru", rng.randint(2, 4)), "kk": "", "en": note_en}
    if rng.random() < 0.3:
        texts["kk"] = NOTES["kk"] + paragraphs(rng, "kk", rng.randint(1, 3))
    if rng.random() < 0.2:
        texts["en"] = note_en + paragraphs(rng, "en", rng.randint(1, 3))
    return texts
