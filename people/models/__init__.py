"""People and what happened to them (records.py); what families send in (testimony.py)."""

from .biography import load_sparse_relations
from .family import Relationship, RelationshipKind, Role
from .imports import ColumnMapping, ImportBatch, ImportedRow, ImportedUpdate, ImportJob
from .names import GivenName, NameKey, SurnameStem
from .records import (
    Article,
    Authority,
    AuthorityKind,
    Fate,
    MergedPerson,
    NameVariant,
    Person,
    PersonQuerySet,
    RepressionCase,
    SentenceKind,
    Sex,
)
from .testimony import (
    SUBMITTED_FIELDS,
    Attachment,
    PendingUpload,
    Testimony,
    TestimonyNote,
    TestimonyStatus,
    TestimonyStatusChange,
)

__all__ = [
    "SUBMITTED_FIELDS",
    "Article",
    "Attachment",
    "Authority",
    "ColumnMapping",
    "AuthorityKind",
    "Fate",
    "GivenName",
    "ImportBatch",
    "ImportJob",
    "ImportedUpdate",
    "ImportedRow",
    "MergedPerson",
    "NameKey",
    "NameVariant",
    "PendingUpload",
    "Person",
    "PersonQuerySet",
    "Relationship",
    "RelationshipKind",
    "RepressionCase",
    "Role",
    "SentenceKind",
    "Sex",
    "SurnameStem",
    "Testimony",
    "TestimonyNote",
    "TestimonyStatus",
    "TestimonyStatusChange",
    "load_sparse_relations",
]
