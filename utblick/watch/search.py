"""Ranking a chosen set of items from the database, for searches and for an engagement's funding.

The nightly-sized work (every profile against every item) uses ``matching.Index`` over all
items at once. A single query — a search, the calls that fit one engagement — instead lets the
database's full-text index find the candidates that share a stem with it, best first, computes the
corpus figures BM25 needs (size, average length, document frequency of each stem) in one aggregate
query, and ranks the candidates with the same ``Index``. Both paths give the same scores.
"""

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from utblick.core import fulltext

from .matching import CorpusStats, Document, Index, Phrase, Query, Ranked
from .models import ItemTerms, parse_keywords

# The stems of every item in a full-text index (PostgreSQL tsvector + GIN, SQLite FTS5): candidates
# come from it best first, so a bound on how many are ranked never drops a better match for a worse one.
TERMS_INDEX = fulltext.Index(
    table="watch_itemterms", key="item_id", columns=(fulltext.Column("terms", natural=False),), all_words=False
)
MAX_CANDIDATES = 2000  # the index's best; ranking them by BM25 takes a few milliseconds


def rank_items(queryset: QuerySet, query: Query, *, limit: int = 20, owner: int | None = None) -> list[Ranked]:
    if query.is_empty:
        return []
    terms = ItemTerms.objects.filter(item__in=queryset.values("pk"))
    stems = sorted(query.all_stems())
    aggregates: dict[str, Any] = {"size": Count("pk"), "average": Avg("length")}
    aggregates |= {
        f"df{number}": Count("pk", filter=Q(terms__contains=f" {stem} ")) for number, stem in enumerate(stems)
    }
    figures = terms.aggregate(**aggregates)
    if not figures["size"]:
        return []
    columns = ("item_id", "terms", "item__programme", "item__source__organisation_id")
    rows = list(
        fulltext.ranked(fulltext.search(terms, TERMS_INDEX, " ".join(stems))).values_list(*columns)[:MAX_CANDIDATES]
    )
    if query.programmes:  # calls of a programme of interest count even without a shared word
        found = {row[0] for row in rows}
        of_programmes = terms.filter(item__programme__in=list(query.programmes)).order_by("-item_id")
        rows += [row for row in of_programmes.values_list(*columns)[:MAX_CANDIDATES] if row[0] not in found]
    stats = CorpusStats(
        size=figures["size"],
        average_length=float(figures["average"] or 1.0),
        document_frequency={stem: figures[f"df{number}"] for number, stem in enumerate(stems)},
    )
    index = Index(
        (Document(item_id, stored.split(), programme, owner_id or 0) for item_id, stored, programme, owner_id in rows),
        stats=stats,
    )
    return index.rank(query, limit=limit, owner=owner)


def expanded_query(text: str, glossary_texts: list[str]) -> Query:
    """A free-text search, widened through the keyword pairs of the organisation's profiles.

    "klimatanpassning i kommuner" with a profile line "klimatanpassning = climate adaptation"
    also searches "climate adaptation", so English calls are found by Swedish words and back.
    """
    base = Phrase.of(text)
    searched = {stem for word in base.words for stem in word}
    phrases = [base]
    for glossary in glossary_texts:
        for keyword in parse_keywords(glossary):
            if not (keyword.swedish and keyword.english):
                continue
            for side, other in ((keyword.swedish, keyword.english), (keyword.english, keyword.swedish)):
                side_phrase = Phrase.of(side)
                if side_phrase.words and all(set(word) & searched for word in side_phrase.words):
                    expansion = Phrase.of(other)
                    phrases.append(Phrase(f"{other} ({side})", expansion.words, expansion.surface, side))
    return Query(keywords=list(dict.fromkeys(phrases)))
