"""The open-data page: the downloads, their dictionary and licence, the API and OAI-PMH."""

import datetime
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from memorial.base.structured_data import CONTEXT, ld_json_script
from memorial.opendata.downloads import DICTIONARY, MANIFEST, current_manifest, data_dictionary

from .api.endpoints import KINDS

CONTENT_TYPES = {".gz": "application/gzip", ".json": "application/json"}


class OpenDataView(TemplateView):
    template_name = "memorial/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        manifest = current_manifest()
        absolute = self.request.build_absolute_uri
        files = {file["name"]: file for file in (manifest or {}).get("files", [])}
        dictionary = data_dictionary()
        kinds = [
            {
                "name": name,
                "summary": dictionary["kinds"][name]["summary"],
                "count": (manifest or {}).get("records", {}).get(name),
                "files": [
                    files[file] for file in dictionary["kinds"][name]["files"] if file in files
                ],
                "columns": dictionary["kinds"][name]["csv_columns"],
                # Relationships are in the API within each person, not as a list of their own.
                "api_url": reverse(f"api:{name.replace('-', '_')}_list") if name in KINDS else None,
            }
            for name in dictionary["kinds"]
        ]
        context.update(
            manifest=manifest,
            generated_on=generated_on(manifest),
            kinds=kinds,
            dictionary_file=files.get(DICTIONARY),
            licence_name=settings.OPEN_DATA_LICENCE_NAME,
            licence_url=settings.OPEN_DATA_LICENCE_URL,
            date_note=dictionary["dates"],
            openapi_url=absolute(reverse("api:openapi")),
            people_api_url=absolute(reverse("api:people_list")),
            oai_url=absolute(reverse("oai")),
            rate_limit=settings.API_RATE_LIMIT,
            json_ld=ld_json_script(dataset_json_ld(kinds, manifest, absolute, self.request)),
        )
        return context


def generated_on(manifest):
    """The day the downloads were written, to be shown in the page's own date format."""
    if not manifest:
        return None
    moment = datetime.datetime.fromisoformat(manifest["generated_at"])
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def dataset_json_ld(kinds, manifest, absolute, request):
    data = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": _("Victims of political repression in Kazakhstan: published records"),
        "description": _(
            "Names, arrests, sentences, camps, burial sites and deportations of the victims "
            "of Soviet political repression in Kazakhstan, as published by the memorial portal."
        ),
        "url": request.build_absolute_uri(),
        "license": settings.OPEN_DATA_LICENCE_URL,
        "isAccessibleForFree": True,
        "inLanguage": ["kk", "ru", "en"],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": file["name"],
                "contentUrl": absolute(reverse("open_data_file", args=[file["name"]])),
                "encodingFormat": "text/csv" if ".csv" in file["name"] else "application/jsonl",
                "contentSize": f"{file['bytes']} B",
            }
            for kind in kinds
            for file in kind["files"]
        ],
    }
    if manifest:
        data["dateModified"] = manifest["generated_at"]
    return data


def open_data_file(request, name):
    """A file the last export listed, and nothing else from the folder."""
    manifest = current_manifest() or {"files": []}
    listed = {file["name"] for file in manifest["files"]} | {MANIFEST}
    if name not in listed:
        raise Http404
    path = Path(settings.OPEN_DATA_ROOT) / name
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=name != MANIFEST,
        filename=name,
        content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
