"""The statistics page: charts of the published records, narrowed by the names list's filters,
with their tables and CSV, counted once per change of the records."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from memorial.base.models import Status
from memorial.statistics.figures import count_all
from people.models import Authority, AuthorityKind, Person
from tests.factories import (
    make_camp,
    make_case,
    make_deportation,
    make_deportation_record,
    make_imprisonment,
    make_person,
)

pytestmark = pytest.mark.django_db

URL = "/en/statistics/"


@pytest.fixture
def known_set():
    """Four published people and one draft whose records must never be counted."""
    oso = Authority.objects.create(name="Test council (OSO)", kind=AuthorityKind.EXTRAJUDICIAL)
    troika = Authority.objects.create(name="Test troika", kind=AuthorityKind.EXTRAJUDICIAL)
    karlag, hidden_camp = make_camp(name="Karlag"), make_camp(name="Hidden", status=Status.DRAFT)
    germans = make_deportation(title="Deportation of Germans, 1941")
    people = {
        "german_shot": make_person(surname="Шмидт", nationality="German", fate="shot"),
        "german_released": make_person(surname="Мюллер", nationality="german ", fate="released"),
        "kazakh": make_person(surname="Сейфуллин", nationality="Kazakh", fate="shot"),
        "unknown": make_person(surname="Белов"),
        "draft": make_person(surname="Черновик", nationality="German", status=Status.DRAFT),
    }
    p = people
    make_case(
        p["german_shot"],
        arrest_date="1937-08",
        sentence_date="1937-10",
        sentence_kind="death",
        sentencing_body=troika,
        is_rehabilitated=True,
        rehabilitation_date="1958",
    )
    make_case(
        p["german_released"],
        arrest_date="1941",
        sentence_date="1942",
        sentence_kind="camp",
        sentencing_body=oso,
        is_rehabilitated=True,
        rehabilitation_date="1989",
    )
    make_case(p["kazakh"], arrest_date="1937", sentence_kind="death", sentencing_body=troika)
    make_case(p["unknown"])
    make_case(
        p["draft"],
        arrest_date="1937",
        sentence_kind="death",
        sentencing_body=oso,
        is_rehabilitated=True,
        rehabilitation_date="1958",
    )
    make_imprisonment(p["german_released"], karlag)
    make_imprisonment(p["german_released"], karlag)  # two terms, one person
    make_imprisonment(p["kazakh"], karlag)
    make_imprisonment(p["draft"], karlag)
    make_imprisonment(p["kazakh"], hidden_camp)
    make_deportation_record(p["german_released"], germans)
    make_deportation_record(p["draft"], germans)
    return {"oso": oso, "troika": troika, "karlag": karlag, "germans": germans, **people}


def charts_of(response):
    return {chart["slug"]: chart for chart in response.context["charts"]}


def table(chart):
    return dict(chart["rows"])


def test_charts_count_the_published_records(client, known_set):
    response = client.get(URL)
    assert response.status_code == 200
    charts = charts_of(response)
    assert table(charts["arrests-by-year"]) == {
        str(y): (2 if y == 1937 else y == 1941) for y in range(1937, 1942)
    }
    assert charts["arrests-by-year"]["unknown_count"] == 1
    assert table(charts["sentences-by-year"]) == {
        "1937": 1,
        "1938": 0,
        "1939": 0,
        "1940": 0,
        "1941": 0,
        "1942": 1,
    }
    assert table(charts["sentences-by-kind"]) == {
        "highest measure (shooting)": 2,
        "corrective labour camp (ITL)": 1,
    }
    assert table(charts["fates"]) == {"shot": 2, "released": 1}
    assert charts["fates"]["unknown_count"] == 1
    assert table(charts["rehabilitations-by-decade"]) == {"1950s": 1, "1980s": 1}
    # Free text in one group however it is capitalised or spaced; the draft not counted.
    nationalities = table(charts["nationalities"])
    assert sorted(nationalities.values()) == [1, 2]
    assert {label.lower() for label in nationalities} == {"german", "kazakh"}
    assert table(charts["sentencing-bodies"]) == {"Test troika": 2, "Test council (OSO)": 1}
    # Each person once per camp; a draft camp is not shown.
    assert table(charts["camps"]) == {"Karlag": 2}
    assert table(charts["deportations"]) == {"Deportation of Germans, 1941": 1}


def test_page_shows_pictures_tables_and_what_they_rest_on(client, known_set):
    page = client.get(URL).content.decode()
    assert page.count('role="img"') == 9
    assert page.count("<table") == 9
    assert "Arrests with a known year: <strong>3</strong>." in page
    assert "Arrests with no year recorded: 1." in page
    assert "100,000 people were sentenced in Kazakhstan from 1921 through 1954" in page
    assert "Kazinform, 31 May 2016" in page
    assert "Черновик" not in page and "Hidden" not in page
    assert 'href="/en/statistics/fates.csv"' in page
    assert 'style="' not in page  # the CSP allows no inline styles


def test_filters_narrow_every_chart(client, known_set):
    response = client.get(URL, {"nationality": "german", "sentenced_by": known_set["oso"].pk})
    charts = charts_of(response)
    assert table(charts["fates"]) == {"released": 1}
    assert table(charts["arrests-by-year"]) == {"1941": 1}
    assert table(charts["camps"]) == {"Karlag": 1}
    assert table(charts["sentencing-bodies"]) == {"Test council (OSO)": 1}
    page = response.content.decode()
    assert "Test council (OSO)</strong>" in page
    names = f"/en/people/?nationality=german&amp;sentenced_by={known_set['oso'].pk}"
    assert names in page
    assert f"fates.csv?nationality=german&amp;sentenced_by={known_set['oso'].pk}" in page


def test_camp_and_deportation_filters(client, known_set):
    charts = charts_of(client.get(URL, {"camp": known_set["karlag"].pk}))
    assert table(charts["fates"]) == {"shot": 1, "released": 1}
    charts = charts_of(
        client.get(URL, {"deportation": known_set["germans"].pk, "fate": "released"})
    )
    assert (
        table(charts["nationalities"]) == {"german": 1}
        or sum(table(charts["nationalities"]).values()) == 1
    )


@pytest.mark.parametrize(
    "query",
    [
        {"born_from": "abc"},
        {"born_to": "99999"},
        {"camp": "not-a-camp"},
        {"camp": "999999"},
        {"fate": "eaten"},
        {"sentenced_by": "-1"},
        {"nationality": "x" * 5000},
        {"nationality": "\x00\x01"},
        {"letter": "%%%"},
        {"q": "Ivanov", "sort": "nonsense"},
        {"unknown": "1"},
    ],
)
def test_odd_parameters_never_give_a_server_error(client, known_set, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    csv_response = client.get("/en/statistics/fates.csv", query)
    assert csv_response.status_code in (200, 400)


def test_bad_filters_are_reported(client, known_set):
    response = client.get(URL, {"born_from": "abc", "fate": "eaten"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the filters marked below" in page
    assert response.context["charts"] == []
    assert client.get("/en/statistics/fates.csv", {"fate": "eaten"}).status_code == 400


def test_csv_downloads(client, known_set):
    response = client.get("/en/statistics/fates.csv", {"nationality": "german"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Fate", "People"], ["released", "1"], ["shot", "1"]]
    assert client.get("/en/statistics/no-such-chart.csv").status_code == 404


def test_csv_headers_translated_and_cells_safe(client, known_set):
    make_person(nationality='=HYPERLINK("http://x")')
    response = client.get("/ru/statistics/nationalities.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("ru"):
        assert rows[0] == [translation.gettext("Nationality"), translation.gettext("People")]
    assert rows[0][0] != "Nationality"
    assert ['\'=HYPERLINK("http://x")', "1"] in rows


def test_translated_pages(client, known_set):
    for language, words in (("ru", "Статистика"), ("kk", "Статистика")):
        page = client.get(f"/{language}/statistics/").content.decode()
        assert words in page
        with translation.override(language):
            assert translation.gettext("Arrests by year") != "Arrests by year"
            assert translation.gettext("Arrests by year") in page


def test_what_the_pictures_show_reads_well_in_each_language(client, known_set):
    described = {
        language: {
            slug: chart["description"]
            for slug, chart in charts_of(client.get(f"/{language}/statistics/")).items()
        }
        for language in ("en", "ru", "kk")
    }
    decades = "rehabilitations-by-decade"
    assert described["en"][decades] == "From the 1950s to the 1980s; the most, 1, in the 1950s."
    # Russian declines the first decade: "с 1950-х", not "с 1950-е годы".
    assert described["ru"][decades] == "С 1950-х по 1980-е годы; больше всего, 1, — в 1950-е."
    assert described["kk"]["arrests-by-year"] == "1937 – 1941 аралығында; ең көбі 1937: 2"
    ru, kk = (client.get(f"/{language}/statistics/").content.decode() for language in ("ru", "kk"))
    assert "высшей мере наказания»." in ru and "жазаға кесілді»." in kk


def test_cached_until_a_record_changes(
    client, known_set, django_assert_max_num_queries, version_reread_on_every_request
):
    first = client.get(URL)
    assert table(charts_of(first)["fates"]) == {"shot": 2, "released": 1}
    with django_assert_max_num_queries(1):
        again = client.get(URL)
    assert again.content == first.content
    known_set["unknown"].fate = "shot"
    known_set["unknown"].save()
    assert table(charts_of(client.get(URL))["fates"]) == {"shot": 3, "released": 1}


def test_figures_cached_apart_from_the_page(
    client, known_set, django_assert_max_num_queries, version_reread_on_every_request
):
    """Signed-in staff are never served the visitors' page, but read the same figures."""
    client.get(URL, {"fate": "shot"})
    staff = User.objects.create_user("viewer", password="pw")
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"fate": "shot"})
    assert table(charts_of(response)["fates"]) == {"shot": 2}


def test_parameters_the_filters_ignore_share_the_unfiltered_page(
    client, known_set, django_assert_max_num_queries
):
    """Every junk parameter (a tracker's utm_source, a typo) would otherwise keep a whole
    page in the cache: the page is keyed by the filters as read."""
    first = client.get(URL, {"utm_source": "newsletter", "q": "Ivanov", "sort": "x"})
    with django_assert_max_num_queries(1):
        plain = client.get(URL)
    assert plain.context is None and plain.content == first.content
    client.get(URL, {"fate": "shot", "junk": "1"})
    with django_assert_max_num_queries(1):
        shot = client.get(URL, {"fate": "shot"})
    assert shot.context is None and shot.content != plain.content


def test_a_page_with_wrong_filters_is_not_kept(client, known_set):
    client.get(URL, {"born_from": "abc"})
    again = client.get(URL, {"born_from": "abc"})
    assert again.context is not None
    assert "Please correct the filters marked below" in again.content.decode()


def test_cache_key_follows_filters_and_language(client, known_set):
    assert table(charts_of(client.get(URL, {"fate": "shot"}))["fates"]) == {"shot": 2}
    assert table(charts_of(client.get(URL, {"fate": "released"}))["fates"]) == {"released": 1}
    ru = client.get("/ru/statistics/", {"fate": "shot"})
    with translation.override("ru"):
        assert charts_of(ru)["fates"]["rows"][0][0] == translation.gettext("shot")


def test_query_count_does_not_grow_with_rows(client, known_set, django_assert_max_num_queries):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"nationality": "german"}).status_code == 200
        return len(captured)

    few = queries()
    for number in range(30):
        person = make_person(surname=f"P{number}", nationality=f"N{number}", fate="shot")
        make_case(person, arrest_date=f"{1920 + number}", sentence_kind="camp")
        make_imprisonment(person, known_set["karlag"])
    assert queries() == few
    with django_assert_max_num_queries(20):
        client.get(URL)


def test_linked_from_the_menu_and_the_home_page(client, known_set):
    home = client.get("/en/").content.decode()
    assert home.count('href="/en/statistics/"') >= 2


def test_names_list_links_to_its_statistics(client, known_set):
    page = client.get("/en/people/", {"nationality": "german", "q": "Шмидт"}).content.decode()
    assert 'href="/en/statistics/?nationality=german"' in page


def test_the_statistics_offer_the_names_list_s_filters_as_it_shows_them(client, known_set):
    """One template draws both: a filter added to the names list is offered here too, with
    the same label and the same error beside it."""

    def filters(address):
        page = client.get(address, {"born_from": "abc"}).content.decode()
        grid = re.search(r'<div class="filter-grid">.*?\n</div>', page, re.S)[0]
        return re.sub(r"\s+", " ", grid)

    grid = filters(URL)
    assert grid == filters("/en/people/")
    assert 'name="nationality"' in grid and 'id="id_born_from_error"' in grid
    assert 'name="q"' not in grid and 'name="sort"' not in grid


def test_unfiltered_shortcut_counts_as_the_filtered_way(known_set):
    """Unfiltered, the cases are counted as all cases less those of unpublished people."""
    review = make_person(surname="Проверка", status=Status.REVIEW)
    make_case(review, arrest_date="1937", sentence_kind="death")
    people = Person.objects.published()
    assert count_all(people, filtered=False) == count_all(people, filtered=True)


def test_pictures_numbers_are_svg_numbers_in_every_language(client, known_set):
    """A Russian or Kazakh page writes "2,5" for 2.5; an SVG coordinate must not."""
    for language in ("ru", "kk", "en"):
        page = client.get(f"/{language}/statistics/").content.decode()
        coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"', page)
        assert coordinates
        assert all(re.fullmatch(r"[0-9. -]+", value) for value in coordinates), language


def test_the_benchmark_s_recount_really_counts_again(client):
    """`make bench` times a recount by forgetting the figures and the page: the page kept
    by its address must go too, or the "recount" is a lookup."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from memorial.bench.statistics_bench import forget_figures

    make_person(surname="Counted")
    client.get("/en/statistics/"), client.get("/en/statistics/")
    with CaptureQueriesContext(connection) as kept:
        client.get("/en/statistics/")
    forget_figures("/en/statistics/")
    with CaptureQueriesContext(connection) as recounted:
        assert client.get("/en/statistics/").status_code == 200
    assert len(kept) == 0 and len(recounted) > 0


@pytest.mark.django_db
def test_the_fates_and_nationalities_are_read_from_their_index_alone():
    """At millions of people their rows are gigabytes: PostgreSQL reads the chart of fates
    and nationalities from the index of published people's fates and nationalities."""
    from django.db import connection, transaction
    from django.db.models import Count

    from people.models import Person

    if connection.vendor != "postgresql":
        pytest.skip("an index-only scan is PostgreSQL's")
    make_person(surname="Counted", fate="shot", nationality="Kazakh")
    people = Person.objects.published().order_by().values_list("fate", "nationality")
    with transaction.atomic(), connection.cursor() as cursor:
        # A test's one row is read fastest from the table: ask whether the index serves.
        cursor.execute("set local enable_seqscan = off")
        plan = people.annotate(n=Count("*")).explain()
    assert "Index Only Scan using person_published_fate_nation" in plan
