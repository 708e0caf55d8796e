"""The portal's addresses: each app's own, gathered here (the top of the layers)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from memorial.base import views as base_views
from memorial.opendata import oai
from memorial.opendata import views as open_data_views
from memorial.opendata.gedcom_views import FamilyGedcomView
from memorial.pages import views as pages_views
from memorial.site import views as site_views
from memorial.site.sitemaps import SITEMAPS
from people import family_link_views, testimony_views

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    re_path(r"^media/(?P<path>.+)$", base_views.media_file, name="media_file"),
    path("api/v1/", include("memorial.opendata.api.urls")),
    path("open-data/<str:name>", open_data_views.open_data_file, name="open_data_file"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("oai/", oai.endpoint, name="oai"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("", site_views.HomeView.as_view(), name="home"),
    path("search/", site_views.SearchView.as_view(), name="search"),
    path("people/", include("people.urls")),
    path("people/<int:pk>/family.ged", FamilyGedcomView.as_view(), name="person_gedcom"),
    path("testimony/", testimony_views.TestimonyView.as_view(), name="testimony"),
    path("testimony/sent/", testimony_views.testimony_sent, name="testimony_sent"),
    path(
        "testimony/yours/",
        family_link_views.FamilyPageView.as_view(),
        name="testimony_family_page",
    ),
    path(
        "testimony/yours/<str:token>/",
        family_link_views.FamilyLinkView.as_view(),
        name="testimony_family_link",
    ),
    path("", include("camps.urls")),
    path("deportations/", include("deportations.urls")),
    path("open-data/", open_data_views.OpenDataView.as_view(), name="open_data"),
    path("statistics/", include("memorial.statistics.urls")),
    path("stories/", pages_views.StoryListView.as_view(), name="story_list"),
    path("stories/feed/", pages_views.StoryFeed(), name="story_feed"),
    path("stories/atom/", pages_views.StoryAtomFeed(), name="story_atom"),
    path("stories/<slug:slug>/", pages_views.StoryDetailView.as_view(), name="story_detail"),
    # Last: a site page's address is its own name, e.g. /en/about/.
    path("<slug:slug>/", pages_views.PageDetailView.as_view(), name="site_page"),
)
