"""Wording a visitor's walk through the pages found wanting: headings that agree with one
another, notes that do not speak of a choice nobody made."""

import pytest

from tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_kazakh_search_headings_agree_whether_or_not_texts_are_found(client):
    make_story(slug="letters", title_kk="Хаттар", body_kk="<p>Долинкадан жазылған хаттар.</p>")
    found = client.get("/kk/search/", {"q": "Долинкадан"}).content.decode()
    assert "Мәтіндерден табылғаны: " in found
    nothing = client.get("/kk/search/", {"q": "Зеравшан"}).content.decode()
    assert ">Мәтіндерден табылғаны</h2>" in nothing
    assert "Мәтіндерден табылды" not in found + nothing


@pytest.mark.parametrize(
    ("language", "unfiltered", "filtered"),
    [
        (
            "en",
            "No one on the portal has a record to count here.",
            "None of the people chosen has a record to count here.",
        ),
        (
            "ru",
            "Ни у кого из людей на портале нет записей для этого подсчёта.",
            "Ни у кого из выбранных людей нет записей для этого подсчёта.",
        ),
        (
            "kk",
            "Порталдағы адамдардың ешқайсысында мұнда есептейтін жазба жоқ.",
            "Таңдалған адамдардың ешқайсысында мұнда есептейтін жазба жоқ.",
        ),
    ],
)
def test_an_empty_chart_speaks_of_people_chosen_only_when_a_filter_is(
    client, language, unfiltered, filtered
):
    page = client.get(f"/{language}/statistics/").content.decode()
    assert unfiltered in page and filtered not in page
    page = client.get(f"/{language}/statistics/", {"fate": "shot"}).content.decode()
    assert filtered in page and unfiltered not in page


def test_the_statistics_introduction_reads_naturally(client):
    russian = client.get("/ru/statistics/").content.decode()
    assert '<p class="lead">Подсчёт опубликованных записей портала. ' in russian
    kazakh = client.get("/kk/statistics/").content.decode()
    assert '<p class="lead">Порталдағы жарияланған жазбалардың есебі. ' in kazakh
