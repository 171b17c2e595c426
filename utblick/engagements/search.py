"""Searching the register: PostgreSQL full-text search or SQLite FTS5, ranked (utblick.core.fulltext).

Title and case number weigh most, then the description, then the expected and achieved results.
"""

from django.db.models import QuerySet

from utblick.core import fulltext

ENGAGEMENT_INDEX = fulltext.Index(
    table="engagements_engagement",
    key="id",
    columns=(
        fulltext.Column("title", "A"),
        fulltext.Column("case_number", "A", natural=False),
        fulltext.Column("description", "B"),
        fulltext.Column("expected_results", "C"),
        fulltext.Column("achieved_results", "C"),
    ),
    substring_columns=("title", "case_number"),
)


def engagement_search(queryset: QuerySet, text: str) -> QuerySet:
    """The engagements of ``queryset`` that match every word of ``text``, annotated ``search_rank``."""
    return fulltext.search(queryset, ENGAGEMENT_INDEX, text)
