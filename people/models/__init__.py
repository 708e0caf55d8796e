"""People and what happened to them (records.py); what families send in (testimony.py)."""

from .records import (
    Article,
    Authority,
    AuthorityKind,
    Fate,
    NameVariant,
    Person,
    PersonQuerySet,
    RepressionCase,
    SentenceKind,
    Sex,
)
from .testimony import (
    Attachment,
    PendingUpload,
    Testimony,
    TestimonyNote,
    TestimonyStatus,
    TestimonyStatusChange,
)

__all__ = [
    "Article",
    "Attachment",
    "Authority",
    "AuthorityKind",
    "Fate",
    "NameVariant",
    "PendingUpload",
    "Person",
    "PersonQuerySet",
    "RepressionCase",
    "SentenceKind",
    "Sex",
    "Testimony",
    "TestimonyNote",
    "TestimonyStatus",
    "TestimonyStatusChange",
]
