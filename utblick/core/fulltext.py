"""Full-text search on both databases behind one call: PostgreSQL's text search, SQLite's FTS5.

An ``Index`` names a table, its key and its columns with their weights. On PostgreSQL the table gets
a stored, generated ``tsvector`` column (Swedish and English stems of each natural-language column,
or the words as they are for pre-stemmed or code-like columns) with a GIN index, and is searched with
``django.contrib.postgres.search`` (``websearch_to_tsquery``, ``ts_rank``). On SQLite an FTS5 table
with external content mirrors the columns through triggers; a word is searched by its Swedish and
English snowball stems as prefixes, so "vänorterna" finds "vänort" there too, and ranked by BM25.

``search(queryset, index, text)`` filters a queryset to the matches and annotates ``search_rank``
(higher is better) on either database. ``install``/``uninstall`` are what the migrations run per
vendor; ``ensure`` re-creates SQLite's triggers after a migration that rebuilt the table (SQLite's
schema editor copies a table to alter it, which drops its triggers).
"""

import re
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from django.db import connections
from django.db.models import Expression, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = (snowballstemmer.stemmer("swedish"), snowballstemmer.stemmer("english"))
MIN_PREFIX = 3  # shorter stems as prefixes would match half the register


@dataclass(frozen=True)
class Column:
    name: str
    weight: str = "A"  # PostgreSQL's weight class, A (most) to D
    natural: bool = True  # Swedish and English stems; False: the words as written (codes, stems already)


@dataclass(frozen=True)
class Index:
    table: str
    key: str
    columns: tuple[Column, ...]
    vector: str = "search_vector"  # PostgreSQL: the stored tsvector column
    all_words: bool = True  # every word must match (a search box); False: any word (ranking candidates)
    # Also found, ranked last, when the text is part of these columns: Swedish joins words into compounds
    # ("resa" in "Studieresa") that neither PostgreSQL nor SQLite splits, and codes are searched in part.
    substring_columns: tuple[str, ...] = ()

    @property
    def bm25_weights(self) -> str:
        """SQLite: the columns' weights for BM25, as PostgreSQL's classes weigh them (A 1.0 … D 0.1)."""
        return ", ".join({"A": "1.0", "B": "0.4", "C": "0.2", "D": "0.1"}[column.weight] for column in self.columns)

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def gin_index(self) -> str:
        return f"{self.table}_search_idx"

    # -- PostgreSQL ------------------------------------------------------------------------------

    def _postgresql_vector(self) -> str:
        parts = []
        for column in self.columns:
            configs = ("swedish", "english") if column.natural else ("simple",)
            for config in configs:
                parts.append(
                    f"setweight(to_tsvector('{config}'::regconfig, coalesce({column.name}, '')), '{column.weight}')"
                )
        return " || ".join(parts)

    def postgresql_install(self) -> list[str]:
        return [
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS {self.vector} tsvector "
            f"GENERATED ALWAYS AS ({self._postgresql_vector()}) STORED",
            f"CREATE INDEX IF NOT EXISTS {self.gin_index} ON {self.table} USING GIN ({self.vector})",
        ]

    def postgresql_uninstall(self) -> list[str]:
        return [
            f"DROP INDEX IF EXISTS {self.gin_index}",
            f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {self.vector}",
        ]

    # -- SQLite ----------------------------------------------------------------------------------

    def _triggers(self) -> dict[str, str]:
        names = ", ".join(column.name for column in self.columns)
        new = ", ".join(f"new.{column.name}" for column in self.columns)
        old = ", ".join(f"old.{column.name}" for column in self.columns)
        fts = self.fts_table
        delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.{self.key}, {old});"
        insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{self.key}, {new});"
        return {
            f"{fts}_ai": f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"{fts}_ad": f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"{fts}_au": (
                f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {self.table} BEGIN {delete} {insert} END"
            ),
        }

    def sqlite_install(self) -> list[str]:
        names = ", ".join(column.name for column in self.columns)
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.fts_table} USING fts5({names}, content='{self.table}', "
            f"content_rowid='{self.key}', tokenize='unicode61 remove_diacritics 0')",
            *self._triggers().values(),
            f"INSERT INTO {self.fts_table}({self.fts_table}) VALUES ('rebuild')",
        ]

    def sqlite_uninstall(self) -> list[str]:
        return [
            *(f"DROP TRIGGER IF EXISTS {name}" for name in self._triggers()),
            f"DROP TABLE IF EXISTS {self.fts_table}",
        ]


def install(index: Index, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": index.postgresql_install, "sqlite": index.sqlite_install}.get(vendor)
    for sql in statements() if statements else []:
        schema_editor.execute(sql)


def uninstall(index: Index, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": index.postgresql_uninstall, "sqlite": index.sqlite_uninstall}.get(vendor)
    for sql in statements() if statements else []:
        schema_editor.execute(sql)


def ensure(index: Index, connection: Any) -> None:
    """SQLite: put back the triggers (and refill the index) if a table rebuild dropped them."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
        if index.table not in tables or index.fts_table not in tables:
            return  # not migrated this far (or back)
        missing = [sql for name, sql in index._triggers().items() if name not in tables]
        for sql in missing:
            cursor.execute(sql)
        if missing:
            cursor.execute(f"INSERT INTO {index.fts_table}({index.fts_table}) VALUES ('rebuild')")


# -- Searching ------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text or "")]


def _sqlite_match(index: Index, text: str) -> str:
    """An FTS5 query: each word by its stems as prefixes (or as it is, for pre-stemmed columns)."""
    groups = []
    for word in words(text):
        if all(not column.natural for column in index.columns):  # stems already: the exact token
            groups.append(f'"{word}"')
            continue
        stems = {word, *(stemmer.stemWord(word) for stemmer in _STEMMERS)}
        # A stem that starts with another adds nothing but a second, rarer hit for the same word.
        stems = {stem for stem in stems if not any(other != stem and stem.startswith(other) for other in stems)}
        terms = sorted({f'"{stem}"*' if len(stem) >= MIN_PREFIX else f'"{stem}"' for stem in stems})
        groups.append("(" + " OR ".join(terms) + ")")
    return (" AND " if index.all_words else " OR ").join(groups)


class _Vector(Expression):
    """The stored tsvector column of the query's own table (PostgreSQL)."""

    def __init__(self, column: str) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.column = column

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name(alias)}.{connection.ops.quote_name(self.column)}", ()


def _postgresql_query(index: Index, text: str) -> Any:
    from django.contrib.postgres.search import SearchQuery

    if all(not column.natural for column in index.columns):
        terms = words(text)
        return SearchQuery(
            " | ".join(terms) if not index.all_words else " & ".join(terms), config="simple", search_type="raw"
        )
    swedish = SearchQuery(text, config="swedish", search_type="websearch")
    english = SearchQuery(text, config="english", search_type="websearch")
    return swedish | english


def search(queryset: QuerySet, index: Index, text: str) -> QuerySet:
    """The rows of ``queryset`` that match ``text``, annotated with ``search_rank`` (higher is better)."""
    connection_vendor = _vendor(queryset)
    if not words(text):
        return queryset.none()
    in_part = Q(pk__in=[])
    for name in index.substring_columns:
        in_part |= Q(**{f"{name}__icontains": text.strip()})
    if connection_vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        query = _postgresql_query(index, text)
        vector = _Vector(index.vector)
        return (
            queryset.alias(_search_vector=vector)
            .filter(Q(_search_vector=query) | in_part)
            .annotate(search_rank=SearchRank(vector, query))
        )
    if connection_vendor == "sqlite":
        match = _sqlite_match(index, text)
        fts = index.fts_table
        matching = Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match]))
        return queryset.filter(matching | in_part).annotate(
            search_rank=RawSQL(
                f"(SELECT -bm25({fts}, {index.bm25_weights}) FROM {fts} "
                f"WHERE {fts} MATCH %s AND rowid = {index.table}.{index.key})",
                [match],
                output_field=FloatField(),
            )
        )
    # Any other database: every word somewhere in the columns, unranked.
    condition = Q()
    for word in words(text):
        any_column = Q()
        for column in index.columns:
            any_column |= Q(**{f"{column.name}__icontains": word})
        condition = condition & any_column if index.all_words else condition | any_column
    return queryset.filter(condition).annotate(search_rank=Value(0.0, output_field=FloatField()))


def _vendor(queryset: QuerySet) -> str:
    return connections[queryset.db].vendor


def ranked(queryset: QuerySet) -> QuerySet:
    """Best match first (after ``search``)."""
    return queryset.order_by(F("search_rank").desc(nulls_last=True), "pk")


__all__ = ["Column", "Index", "ensure", "install", "ranked", "search", "uninstall", "words"]
