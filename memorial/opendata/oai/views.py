"""/oai/: the six OAI-PMH verbs, by GET or by a form-encoded POST.

Every answer, errors included, is an OAI-PMH document with status 200, as the protocol
says; only a method other than GET, HEAD or POST is refused by HTTP itself. The vocabulary
(set names, subjects, labels) is in the site's default language whatever the harvester's
browser settings, so that two harvests of an unchanged record read the same."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import dublin_core, harvest, protocol
from .protocol import METADATA_PREFIX, OAIError

SET_NAMES = {
    "people": _("People"),
    "camps": _("Camps"),
    "burial-sites": _("Burial sites"),
    "deportations": _("Deportations"),
    "peoples": _("Deported peoples"),
}
TEMPLATES = {
    "Identify": "oai/identify.xml",
    "ListMetadataFormats": "oai/list_metadata_formats.xml",
    "ListSets": "oai/list_sets.xml",
    "ListIdentifiers": "oai/list_identifiers.xml",
    "ListRecords": "oai/list_records.xml",
    "GetRecord": "oai/get_record.xml",
}


@csrf_exempt  # harvesters post forms without a CSRF token; the endpoint changes nothing
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    with translation.override(settings.LANGUAGE_CODE):
        context = _answer(request)
        context["response_date"] = protocol.datestamp(timezone.now())
        context["base_url"] = request.build_absolute_uri(request.path)
        xml = render_to_string(context.get("template", "oai/error.xml"), context)
    return HttpResponse(xml, content_type="text/xml; charset=utf-8")


def _answer(request):
    merged = {}
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for source in sources:
        for name, values in source.lists():
            merged.setdefault(name, []).extend(values)
    try:
        verb, arguments = protocol.read_arguments(merged.items())
    except OAIError as error:
        # After badVerb or badArgument the request element names no arguments.
        return {"errors": [(error.code, error.message)]}
    echoed = [("verb", verb), *sorted(arguments.items())]
    context = {"arguments": [(name, dublin_core.xml_text(value)) for name, value in echoed]}
    try:
        context.update(VERB_HANDLERS[verb](request, arguments))
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            del context["arguments"]
        context["errors"] = [(error.code, error.message)]
        return context
    context["template"] = TEMPLATES[verb]
    return context


def _identify(request, arguments):
    earliest = harvest.earliest_datestamp() or timezone.now()
    return {
        "repository_name": dublin_core.SITE_TITLE,
        "admin_email": settings.DEFAULT_FROM_EMAIL,
        "earliest_datestamp": protocol.datestamp(earliest),
        "granularity": protocol.GRANULARITY,
        "repository_identifier": settings.OAI_REPOSITORY_IDENTIFIER,
        "sample_identifier": protocol.identifier("people", 1),
    }


def _list_metadata_formats(request, arguments):
    if "identifier" in arguments:
        _found(arguments["identifier"])
    return {}


def _list_sets(request, arguments):
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", _("Sets come in one list, without tokens."))
    return {"sets": list(SET_NAMES.items())}


def _list(request, arguments, *, metadata):
    if "resumptionToken" in arguments:
        chosen = protocol.decode_token(arguments["resumptionToken"], harvest.STREAMS_BY_SET)
    else:
        chosen = protocol.selection(arguments)
        _check_prefix(arguments)
        if chosen.set_spec not in harvest.STREAMS_BY_SET:
            raise OAIError("noRecordsMatch", _("There is no such set."))
    found, following = harvest.page(chosen, metadata=metadata)
    if not found:
        raise OAIError("noRecordsMatch", _("No records match the request."))
    resumed = "resumptionToken" in arguments
    return {
        "records": [_record(request, stream, row, metadata=metadata) for stream, row in found],
        "resumption": resumed or following is not None,
        "token": protocol.encode_token(following) if following else "",
        "cursor": chosen.cursor,
    }


def _list_identifiers(request, arguments):
    return _list(request, arguments, metadata=False)


def _list_records(request, arguments):
    return _list(request, arguments, metadata=True)


def _get_record(request, arguments):
    _check_prefix(arguments)
    stream, row = _found(arguments["identifier"])
    return {"record": _record(request, stream, row, metadata=True)}


def _check_prefix(arguments):
    if arguments["metadataPrefix"] != METADATA_PREFIX:
        raise OAIError(
            "cannotDisseminateFormat", _("Records are available as oai_dc (Dublin Core) only.")
        )


def _found(identifier):
    named = protocol.read_identifier(identifier)
    found = harvest.find(*named) if named else None
    if found is None:
        raise OAIError("idDoesNotExist", _("There is no record with this identifier."))
    return found


def _record(request, stream, row, *, metadata):
    """A record's header and, unless it is deleted, its Dublin Core. A deleted record says
    nothing but its identifier and datestamp."""
    moment, pk = stream.key(row)
    deleted = stream.is_deleted(row)
    record = {
        "identifier": protocol.identifier(stream.set_spec, pk),
        "datestamp": protocol.datestamp(moment),
        "deleted": deleted,
        "set_spec": stream.set_spec,
    }
    if metadata and not deleted:
        record["elements"] = dublin_core.elements(row, request.build_absolute_uri)
    return record


VERB_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
    "GetRecord": _get_record,
}
