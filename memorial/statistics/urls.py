from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.StatisticsView.as_view(), name="index"),
    path("<slug:slug>.csv", views.ChartCsvView.as_view(), name="chart_csv"),
]
