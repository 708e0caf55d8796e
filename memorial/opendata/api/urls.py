from django.urls import path, re_path

from memorial.opendata.api import citations

from . import views
from .endpoints import KINDS

app_name = "api"

urlpatterns = [
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path(
        "<slug:kind>/<int:pk>/citation",
        citations.citation_view,
        name="citation",
    ),
]
for name in KINDS:
    route_name = name.replace("-", "_")
    urlpatterns += [
        path(f"{name}/", views.RecordListView.as_view(kind=name), name=f"{route_name}_list"),
        path(
            f"{name}/<str:pk>",
            views.RecordDetailView.as_view(kind=name),
            name=f"{route_name}_detail",
        ),
    ]
# Any other address under the API answers in JSON too.
urlpatterns.append(re_path(r"", views.NotFoundView.as_view(), name="not_found"))
