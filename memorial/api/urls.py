from django.urls import path

from memorial import citations

app_name = "api"

urlpatterns = [
    path(
        "<slug:kind>/<int:pk>/citation",
        citations.citation_view,
        name="citation",
    ),
]
