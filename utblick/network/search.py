"""Text search over what the network shows, behind one function: PostgreSQL full-text search, or words on SQLite.

On PostgreSQL the records carry a stored, GIN-indexed ``tsvector`` of ``search_text`` in Swedish and
English (migration 0002), searched with ``websearch_to_tsquery`` and ranked. Elsewhere every word must
appear in the text. Only ``search_text`` is read: the title, partners, network, programme, call,
directions and themes — what the network shows, so no internal word can be found.
"""

import re

from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

VECTOR = "search_vector"
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text or "")]


def record_search(queryset: QuerySet, text: str) -> QuerySet:
    """The records of ``queryset`` matching ``text``, annotated ``search_rank`` (higher is better)."""
    terms = words(text)
    if not terms:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

        query = SearchQuery(text, config="swedish", search_type="websearch") | SearchQuery(
            text, config="english", search_type="websearch"
        )
        vector = RawSQL(f'"network_networkrecord"."{VECTOR}"', [], output_field=SearchVectorField())
        return queryset.alias(_vector=vector).filter(_vector=query).annotate(search_rank=SearchRank(vector, query))
    condition = Q()
    for term in terms:
        condition &= Q(search_text__icontains=term)
    return queryset.filter(condition).annotate(search_rank=Value(0.0, output_field=FloatField()))


def ranked(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(F("search_rank").desc(nulls_last=True), "title")
