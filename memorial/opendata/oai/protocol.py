"""What a harvester may ask: verbs and their arguments, dates, identifiers and resumption
tokens, each checked strictly, because anything a request holds is untrusted and none of it
may become a server error."""

import base64
import binascii
import datetime
import json
import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

METADATA_PREFIX = "oai_dc"
# A record's datestamp is its last change, to the second; the protocol calls this granularity
# YYYY-MM-DDThh:mm:ssZ.
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DATESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Both databases' largest integer key: a bigger number in an identifier or a token is refused
# before it reaches a query, where it would overflow.
MAX_ID = 2**63 - 1
# Tokens the portal writes are well under this; anything longer is not one of them.
MAX_TOKEN_LENGTH = 600

# Verb: (arguments it needs, arguments it may have). A resumption token stands alone.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
ARGUMENTS = {"verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken"}

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_SECOND = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
_ID = re.compile(r"([a-z-]+)/([1-9][0-9]{0,18})")


class OAIError(Exception):
    """An error the protocol names; the response carries its code and message."""

    def __init__(self, code, message):
        super().__init__(code)
        self.code, self.message = code, message


def bad_argument(message=None):
    return OAIError("badArgument", message or _("The request has an illegal argument."))


def read_arguments(pairs):
    """The verb and its arguments from (name, [values]) pairs, or OAIError.

    A repeated verb is badVerb; a repeated, unknown, empty, missing or (beside a resumption
    token) extra argument is badArgument."""
    arguments = {}
    for name, values in pairs:
        if name == "verb" and len(values) != 1:
            raise OAIError("badVerb", _("The verb is repeated."))
        if name not in ARGUMENTS:
            raise bad_argument(_("The request has an argument OAI-PMH does not know."))
        if len(values) != 1:
            raise bad_argument(_("An argument is repeated."))
        if values[0] == "":
            raise bad_argument(_("An argument is empty."))
        arguments[name] = values[0]
    verb = arguments.pop("verb", None)
    if verb not in VERBS:
        raise OAIError("badVerb", _("The verb is missing or is not an OAI-PMH verb."))
    required, optional = VERBS[verb]
    given = set(arguments)
    if "resumptionToken" in given and given != {"resumptionToken"}:
        raise bad_argument(_("A resumption token is the only argument it may come with."))
    if "resumptionToken" not in given and not required <= given:
        raise bad_argument(_("A required argument is missing."))
    if not given <= required | optional:
        raise bad_argument(_("The request has an argument this verb does not take."))
    return verb, arguments


@dataclass(frozen=True)
class Selection:
    """What a list request asks for, and where in the walk over the records it stands."""

    set_spec: str = ""
    from_text: str = ""
    until_text: str = ""
    # From this instant on, inclusive, and before this one (an `until` day or second is
    # whole: everything changed in it is included).
    start: datetime.datetime | None = None
    stop: datetime.datetime | None = None
    stream: str = ""
    # The last (datestamp, id) sent in the current stream; none at a stream's start.
    after_date: datetime.datetime | None = None
    after_id: int = 0
    cursor: int = 0

    def moved_to(self, stream, after_date=None, after_id=0, cursor=0):
        return replace(self, stream=stream, after_date=after_date, after_id=after_id, cursor=cursor)


def parse_date(text):
    """(instant in UTC, granularity) of a `from` or `until` value, or badArgument."""
    for pattern, granularity in ((_DAY, "day"), (_SECOND, "second")):
        match = pattern.fullmatch(text)
        if match:
            try:
                parts = [int(part) for part in match.groups()]
                return datetime.datetime(*parts, tzinfo=datetime.UTC), granularity
            except ValueError:
                break
    raise bad_argument(_("Dates are YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ."))


def selection(arguments):
    """The Selection a first list request (no resumption token) asks for."""
    from_text, until_text = arguments.get("from", ""), arguments.get("until", "")
    start = until = stop = None
    granularities = set()
    if from_text:
        start, granularity = parse_date(from_text)
        granularities.add(granularity)
    if until_text:
        until, granularity = parse_date(until_text)
        granularities.add(granularity)
        step = datetime.timedelta(days=1) if granularity == "day" else datetime.timedelta(seconds=1)
        try:
            stop = until + step
        except OverflowError:
            stop = None  # the end of the calendar: no bound at all
    if len(granularities) > 1:
        raise bad_argument(_("The from and until dates must have the same granularity."))
    if start and until and start > until:
        raise bad_argument(_("The from date is later than the until date."))
    return Selection(
        set_spec=arguments.get("set", ""),
        from_text=from_text,
        until_text=until_text,
        start=start,
        stop=stop,
    )


def encode_token(selection):
    after = selection.after_date.isoformat() if selection.after_date else ""
    fields = [
        METADATA_PREFIX,
        selection.set_spec,
        selection.from_text,
        selection.until_text,
        selection.stream,
        after,
        selection.after_id,
        selection.cursor,
    ]
    packed = json.dumps(fields, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_token(token, streams):
    """The Selection a resumption token stands for, or badResumptionToken. `streams` are the
    names a token may continue in, by set."""
    refused = OAIError("badResumptionToken", _("The resumption token is invalid or has expired."))
    if len(token) > MAX_TOKEN_LENGTH:
        raise refused
    try:
        packed = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        prefix, set_spec, from_text, until_text, stream, after, after_id, cursor = json.loads(
            packed
        )
        if not all(isinstance(v, str) for v in (prefix, set_spec, from_text, until_text, after)):
            raise ValueError
        if type(after_id) is not int or type(cursor) is not int:
            raise ValueError
        if prefix != METADATA_PREFIX or stream not in streams.get(set_spec, ()):
            raise ValueError
        if not (0 <= after_id <= MAX_ID and 0 <= cursor <= MAX_ID):
            raise ValueError
        after_date = datetime.datetime.fromisoformat(after) if after else None
        if after_date is not None and after_date.utcoffset() != datetime.timedelta(0):
            raise ValueError
        arguments = {"from": from_text, "until": until_text, "set": set_spec}
        chosen = selection({name: value for name, value in arguments.items() if value})
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OAIError):
        raise refused from None
    return chosen.moved_to(stream, after_date, after_id, cursor)


def identifier(set_spec, pk):
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:{set_spec}/{pk}"


def read_identifier(text):
    """(set, id) an identifier names, or None if it cannot be one of the portal's."""
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:"
    if not text.startswith(prefix):
        return None
    match = _ID.fullmatch(text[len(prefix) :])
    if not match or int(match[2]) > MAX_ID:
        return None
    return match[1], int(match[2])


def datestamp(moment):
    return moment.astimezone(datetime.UTC).strftime(DATESTAMP_FORMAT)
