"""Load the demo content: what the seed article says, and nothing it does not.

The seed is the Kazinform article of 31 May 2016 for the Day of Remembrance of the Victims
of Political Repressions (``../shared/seed/``). Every record cites it; a record gets no
date the article does not give. Besides the article, only the Cyrillic forms of the
names are added, so that visitors typing them find the person.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from camps.models import BurialSite, Camp
from deportations.models import Deportation, DeportationFigure, DeportedPeople
from memorial.base.models import Citation, FigureQualifier, Source, SourceKind, Status
from memorial.pages.models import Page, Story
from people.models import NameVariant, Person, Sex

SEED = {
    "kind": SourceKind.PUBLICATION,
    "title": "Day of Remembrance of the Victims of Political Repressions",
    "publisher": "Kazinform",
    "date": "2016-05-31",
    "reliability_note": (
        "News agency article (Astana, 31 May 2016): a secondary source. It names the camps, "
        "the deported peoples and prominent victims, but gives no personal dates or archive "
        "references."
    ),
}

CAMP_TEXT = (
    "<p>One of the largest corrective labour camps opened on the territory of Kazakhstan, "
    "which in the twentieth century “turned into a big prison”. More than 5 million people "
    "were sent to ALZHIR, Steplag and Karlag over the years of repressions; according to some "
    "reports, the total number of prisoners far exceeds this.</p>"
)

SOURCE_LINE = "<p>Source: Kazinform, Astana, 31 May 2016.</p>"
DAY_OF_REMEMBRANCE = (
    "<p>As per the Presidential Decree of 5 April 1997 No. 3443, 31 May is marked in "
    "Kazakhstan as the Day of Remembrance of the Victims of Political Repressions.</p>"
    "<p>On this day, Kazakhstan remembers all those innocent people who became the victims of "
    "the Great Famine, mass repressions, persecutions and forced deportation.</p>"
    "<p>One of the first laws adopted by sovereign Kazakhstan was the Law “On rehabilitation "
    "of the victims of mass political repressions” of 14 April 1993.</p>"
)
SITE_PAGES = [
    (
        "day-of-remembrance",
        "menu",
        1,
        "Day of Remembrance",
        DAY_OF_REMEMBRANCE + SOURCE_LINE,
        Status.PUBLISHED,
    ),
    (
        "about",
        "footer",
        1,
        "About the portal",
        "<p>This portal keeps the names and biographies of the victims of Soviet political "
        "repression in Kazakhstan, the history of the camps and of the peoples deported here. "
        "Archivists enter and check every record against its sources; families can send what "
        "they remember.</p>",
        Status.PUBLISHED,
    ),
    (
        "how-to-search",
        "footer",
        2,
        "How to search",
        "<p>Type a name in Cyrillic or Latin letters, in any spelling: Байтұрсынұлы, "
        "Байтурсынов and Baitursynov find the same person. Narrow the list by year of birth, "
        "camp, deportation, fate or rehabilitation. If you find no one, try another spelling "
        "or send us what you know.</p>",
        Status.PUBLISHED,
    ),
    (
        "privacy",
        "footer",
        3,
        "Privacy",
        "<p>The portal loads nothing from other sites: no fonts, maps, analytics or "
        "advertising, so no one else learns what you read. It sets a cookie only to remember "
        "the language you choose and, on the testimony form, to protect the form.</p>"
        "<p>What a family sends is seen only by the portal's moderators. Your email address "
        "and telephone number are never published; a story and photographs are published "
        "only if you agree. Rejected messages are deleted after the retention period set by "
        "the archive.</p>",
        Status.PUBLISHED,
    ),
    (
        "contacts",
        "footer",
        4,
        "Contacts",
        "<p>The archive that runs this portal writes its address here.</p>",
        Status.DRAFT,
    ),
]

CAMPS = [
    {
        "name": "ALZHIR",
        "slug": "alzhir",
        "abbreviation": "ALZhIR",
        "full_name": "Akmola Camp for the Wives of Traitors to the Motherland",
    },
    {"name": "Steplag", "slug": "steplag"},
    {"name": "Karlag", "slug": "karlag"},
]

ZHANALYK = {
    "name": "Zhanalyk",
    "slug": "zhanalyk",
    "kind": BurialSite.Kind.MASS_GRAVE,
    "place": "Zhanalyk settlement near Almaty",
    "description_en": (
        "<p>A mass burial site found accidentally in Zhanalyk settlement near Almaty. Thousands "
        "of innocent victims of totalitarianism were buried there: famous poets and writers, "
        "outstanding scholars, state and public figures, farm owners and foremost workers.</p>"
    ),
}

PUBLISHED = {"status": Status.PUBLISHED}

AUTUMN_1937 = ["Koreans", "Turks", "Iranians", "Kurds", "Azerbaijanis"]
WARTIME = ["Germans", "Greeks", "Chechens", "Karachays", "Balkars", "Crimean Tatars"]

DEPORTATIONS = [
    {
        "title": "Deportations of autumn 1937",
        "slug": "autumn-1937",
        "start": "1937-23",
        "peoples": AUTUMN_1937,
        "description_en": (
            "<p>Thousands of Koreans, Turks, Iranians, Kurds and Azerbaijanis were deported "
            "to Kazakhstan in autumn 1937.</p>"
        ),
    },
    {
        "title": "Deportations during the Great Patriotic War",
        "slug": "great-patriotic-war",
        "start": "1941",
        "end": "1945",
        "peoples": WARTIME,
        "description_en": (
            "<p>Germans, Greeks, Chechens, Karachays, Balkars, Crimean Tatars and other nations "
            "were deported to Kazakhstan during the Great Patriotic War. Their number is "
            "estimated at 1,200,000.</p>"
        ),
        "figure": {
            "kind": DeportationFigure.Kind.DEPORTED,
            "value": 1_200_000,
            "note": "all the peoples deported during the war, together",
        },
    },
]

LOST = (
    "Named among the great sons Kazakhstan lost in the mass political repressions, which "
    "reached their peak in 1937."
)
BURIED = "Named among the victims buried in the mass grave at Zhanalyk near Almaty."

# (surname, given name, occupation from the article, buried at Zhanalyk, other forms)
# Other forms: (kind, script, surname, given name, from the article itself)
PEOPLE = [
    (
        "Baiturssynov",
        "Akhmet",
        "scholar",
        True,
        [
            ("spelling", "latn", "Baiturssynov", "A.", True),
            ("kazakh", "cyrl", "Байтұрсынұлы", "Ахмет", False),
            ("russian", "cyrl", "Байтурсынов", "Ахмет", False),
            ("latin", "latn", "Baitursynuly", "Akhmet", False),
            ("latin", "latn", "Baitursynov", "Akhmet", False),
        ],
    ),
    (
        "Bokeikhanov",
        "Alikhan",
        "",
        False,
        [
            ("kazakh", "cyrl", "Бөкейханов", "Әлихан", False),
            ("russian", "cyrl", "Букейханов", "Алихан", False),
        ],
    ),
    (
        "Dulatov",
        "Myrzhakyp",
        "",
        False,
        [
            ("kazakh", "cyrl", "Дулатұлы", "Міржақып", False),
            ("russian", "cyrl", "Дулатов", "Мыржакып", False),
        ],
    ),
    (
        "Tynyshpayev",
        "Mukhamedzhan",
        "",
        False,
        [
            ("kazakh", "cyrl", "Тынышбаев", "Мұхамеджан", False),
            ("russian", "cyrl", "Тынышпаев", "Мухамеджан", False),
        ],
    ),
    (
        "Zhumabayev",
        "Magzhan",
        "poet and writer",
        True,
        [
            ("kazakh", "cyrl", "Жұмабаев", "Мағжан", False),
            ("russian", "cyrl", "Жумабаев", "Магжан", False),
        ],
    ),
    (
        "Seifullin",
        "Saken",
        "poet and writer",
        True,
        [
            ("kazakh", "cyrl", "Сейфуллин", "Сәкен", False),
            ("russian", "cyrl", "Сейфуллин", "Сакен", False),
        ],
    ),
    (
        "Zhansugurov",
        "Ilyas",
        "poet and writer",
        True,
        [
            ("kazakh", "cyrl", "Жансүгіров", "Ілияс", False),
            ("russian", "cyrl", "Джансугуров", "Ильяс", False),
        ],
    ),
    (
        "Mailin",
        "Beimbet",
        "poet and writer",
        True,
        [
            ("kazakh", "cyrl", "Майлин", "Бейімбет", False),
            ("russian", "cyrl", "Майлин", "Беимбет", False),
        ],
    ),
    (
        "Asfendiyarov",
        "Sanzhar",
        "scholar",
        True,
        [
            ("spelling", "latn", "Asfendiyarov", "S.", True),
            ("kazakh", "cyrl", "Асфендияров", "Санжар", False),
            ("russian", "cyrl", "Асфендияров", "Санджар", False),
        ],
    ),
]


class Command(BaseCommand):
    help = "Load the demo content from the seed article into the database, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be loaded, then roll everything back.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if Source.objects.filter(title=SEED["title"], publisher=SEED["publisher"]).exists():
            if verbosity:
                self.stdout.write("The demo content is already loaded; nothing to do.")
            return
        with transaction.atomic():
            counts = self.load(verbosity)
            if dry_run:
                transaction.set_rollback(True)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        if verbosity:
            prefix = "Dry run, nothing written. Would load" if dry_run else "Loaded"
            self.stdout.write(self.style.SUCCESS(f"{prefix}: {summary}."))

    def cite(self, record, source, note=""):
        Citation.objects.create(content_object=record, source=source, note=note)

    def load_pages(self):
        """The site's pages: what the portal is and does. Contacts are the archive's to
        write, so that page stays a draft."""
        for slug, place, position, title, body, status in SITE_PAGES:
            Page.objects.create(
                slug=slug,
                place=place,
                position=position,
                title_en=title,
                body_en=body,
                status=status,
            )
        return len(SITE_PAGES)

    def load(self, verbosity):
        source = Source.objects.create(**SEED)
        zhanalyk = self.load_camps(source)
        peoples = self.load_peoples(source)
        self.load_deportations(source, peoples)
        self.load_people(source, zhanalyk, verbosity)
        pages = self.load_pages()
        self.load_story(source)
        return {
            "pages": pages,
            "stories": 1,
            "people": len(PEOPLE),
            "camps": len(CAMPS),
            "burial sites": 1,
            "peoples": len(peoples),
            "deportations": len(DEPORTATIONS),
        }

    def load_camps(self, source):
        """The camps the article names, and the burial site at Zhanalyk (returned)."""
        for camp_data in CAMPS:
            camp = Camp.objects.create(
                **camp_data, kind=Camp.Kind.LABOUR_CAMP, description_en=CAMP_TEXT, **PUBLISHED
            )
            self.cite(camp, source)
        zhanalyk = BurialSite.objects.create(**ZHANALYK, **PUBLISHED)
        self.cite(zhanalyk, source)
        return zhanalyk

    def load_peoples(self, source):
        """The deported peoples the article names, by name."""
        peoples = {}
        for name in AUTUMN_1937 + WARTIME:
            peoples[name] = DeportedPeople.objects.create(
                name=name,
                slug=name.lower().replace(" ", "-"),
                description_en=f"<p>{name} were among the peoples deported to Kazakhstan.</p>",
                **PUBLISHED,
            )
            self.cite(peoples[name], source)
        return peoples

    def load_deportations(self, source, peoples):
        for data in DEPORTATIONS:
            data = dict(data)
            names, figure = data.pop("peoples"), data.pop("figure", None)
            deportation = Deportation.objects.create(**data, **PUBLISHED)
            deportation.peoples.set(peoples[name] for name in names)
            if figure:
                DeportationFigure.objects.create(
                    deportation=deportation,
                    qualifier=FigureQualifier.ABOUT,
                    source=source,
                    **figure,
                )
            self.cite(deportation, source)

    def load_people(self, source, zhanalyk, verbosity):
        for number, (surname, given_name, occupation, buried, variants) in enumerate(PEOPLE):
            biography = f"<p>{LOST}</p>" + (f"<p>{BURIED}</p>" if buried else "")
            person = Person.objects.create(
                surname=surname,
                given_name=given_name,
                sex=Sex.MALE,
                occupation=occupation,
                burial_site=zhanalyk if buried else None,
                biography_en=biography,
                is_featured=number < 3,  # the first three the article names
                **PUBLISHED,
            )
            NameVariant.objects.bulk_create(
                NameVariant(
                    person=person,
                    kind=kind,
                    script=script,
                    surname=variant_surname,
                    given_name=variant_given_name,
                    source=source if from_article else None,
                )
                for kind, script, variant_surname, variant_given_name, from_article in variants
            )
            person.rebuild_names()  # bulk_create sends no signals
            self.cite(person, source, "burial at Zhanalyk" if buried else "")
            if verbosity >= 2:
                self.stdout.write(f"  {person}")

    def load_story(self, source):
        """The article itself as a news story, featuring what it names."""
        story = Story.objects.create(
            kind=Story.Kind.NEWS,
            slug="day-of-remembrance-2016",
            title_en="31 May: the Day of Remembrance of the Victims of Political Repressions",
            summary_en=(
                "Kazinform's article for the Day of Remembrance, 31 May 2016: the camps, the "
                "deported peoples and the great sons Kazakhstan lost."
            ),
            body_en=DAY_OF_REMEMBRANCE + f"<p>{LOST}</p><p>{BURIED}</p>" + SOURCE_LINE,
            **PUBLISHED,
        )
        # The people, camps and deportations the article names: those citing it.
        story.featured_people.set(Person.objects.filter(citations__source=source))
        story.featured_camps.set(Camp.objects.filter(citations__source=source))
        story.featured_deportations.set(Deportation.objects.filter(citations__source=source))
