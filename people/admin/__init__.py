"""People in the admin, a room each: the person and their records (person.py), uploaded
lists and their batches (imports.py), families' testimony (testimony.py), and finding and
merging duplicates (duplicates.py)."""

from . import imports, person, testimony  # noqa: F401 - each registers its models
