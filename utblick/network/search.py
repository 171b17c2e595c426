"""Text search over what the network shows: PostgreSQL full-text search or SQLite FTS5 (utblick.core.fulltext).

Only ``search_text`` is indexed — the title, partners, network, programme, call, directions and themes, what
the network shows — so no word of an engagement's description or results can be found.
"""

from django.db.models import QuerySet

from utblick.core import fulltext

RECORD_INDEX = fulltext.Index(
    table="network_networkrecord",
    key="id",
    columns=(fulltext.Column("search_text", "A"),),
    # Swedish compounds ("skolutbyte" in "Erasmusskolutbytet") and call identifiers in part.
    substring_columns=("search_text",),
)


def record_search(queryset: QuerySet, text: str) -> QuerySet:
    """The records of ``queryset`` matching every word of ``text``, annotated ``search_rank`` (higher is better)."""
    return fulltext.search(queryset, RECORD_INDEX, text)
