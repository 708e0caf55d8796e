from django.urls import path

from . import views

app_name = "camps"

urlpatterns = [
    path("camps/", views.CampListView.as_view(), name="camp_list"),
    path("camps/<slug:slug>/", views.CampDetailView.as_view(), name="camp_detail"),
    path(
        "burial-sites/<slug:slug>/",
        views.BurialSiteDetailView.as_view(),
        name="burialsite_detail",
    ),
]
