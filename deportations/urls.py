from django.urls import path

from . import views

app_name = "deportations"

urlpatterns = [
    path("", views.DeportationListView.as_view(), name="deportation_list"),
    path("peoples/<slug:slug>/", views.DeportedPeopleDetailView.as_view(), name="people_detail"),
    path("<slug:slug>/", views.DeportationDetailView.as_view(), name="deportation_detail"),
]
