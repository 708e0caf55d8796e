"""OAI-PMH 2.0: archives' catalogues and aggregators harvest the published records as
Dublin Core, a page at a time, and come back later for what changed since.

protocol.py reads a request's arguments and resumption tokens, harvest.py walks the records
in the order they changed, dublin_core.py says what each record tells a catalogue, and
views.py answers the six verbs."""

from .views import endpoint

__all__ = ["endpoint"]
