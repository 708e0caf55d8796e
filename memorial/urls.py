from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from people import testimony_views

from . import content_views, oai, open_data_views, views
from .admin import translation_overview
from .admin_login import ThrottledAdminAuthenticationForm
from .sitemaps import SITEMAPS

admin.site.site_header = _("Memorial: victims of political repression in Kazakhstan")
admin.site.site_title = _("Memorial archive")
admin.site.index_title = _("Records")
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path(
        f"{settings.ADMIN_URL}translations/",
        admin.site.admin_view(translation_overview),
        name="translation_overview",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    re_path(r"^media/(?P<path>.+)$", views.media_file, name="media_file"),
    path("api/v1/", include("memorial.api.urls")),
    path("open-data/<str:name>", open_data_views.open_data_file, name="open_data_file"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
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
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("people/", include("people.urls")),
    path("testimony/", testimony_views.TestimonyView.as_view(), name="testimony"),
    path("testimony/sent/", testimony_views.testimony_sent, name="testimony_sent"),
    path("", include("camps.urls")),
    path("deportations/", include("deportations.urls")),
    path("open-data/", open_data_views.OpenDataView.as_view(), name="open_data"),
    path("stories/", content_views.StoryListView.as_view(), name="story_list"),
    path("stories/feed/", content_views.StoryFeed(), name="story_feed"),
    path("stories/atom/", content_views.StoryAtomFeed(), name="story_atom"),
    path("stories/<slug:slug>/", content_views.StoryDetailView.as_view(), name="story_detail"),
    # Last: a site page's address is its own name, e.g. /en/about/.
    path("<slug:slug>/", content_views.PageDetailView.as_view(), name="site_page"),
)
