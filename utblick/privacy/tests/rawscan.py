"""Searching every text column of every table with plain SQL, independently of the code under test.

Works on SQLite and PostgreSQL alike: the database's own introspection lists the tables and
columns, and each column is read as text (JSON included) and searched for the exact value.
"""

import json

from django.db import connection

TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField", "GenericIPAddressField"}


def text_columns() -> list[tuple[str, str]]:
    found = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if "_fts" in table:  # SQLite's full-text indexes: derived from the tables scanned here (core.fulltext)
                continue
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # a type Django does not map, such as PostgreSQL's tsvector: not text
                    continue
                if kind in TEXT_TYPES:
                    found.append((table, column.name))
    return found


def rows_containing(value: str) -> dict[tuple[str, str], int]:
    """How many rows of each (table, column) hold ``value`` as written, or as JSON escapes it."""
    forms = {value, json.dumps(value)[1:-1]}
    find = (
        "INSTR(CAST({column} AS TEXT), %s) > 0"
        if connection.vendor == "sqlite"
        else "STRPOS(CAST({column} AS TEXT), %s) > 0"
    )
    hits = {}
    with connection.cursor() as cursor:
        for table, column in text_columns():
            quoted = connection.ops.quote_name(column)
            condition = " OR ".join(find.format(column=quoted) for _ in forms)
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE {condition}", list(forms))
            count = cursor.fetchone()[0]
            if count:
                hits[(table, column)] = count
    return hits


def row_ids_containing(value: str) -> set[tuple[str, str]]:
    """The (table, primary key) of every row holding ``value`` in a text column."""
    forms = [value, json.dumps(value)[1:-1]]
    find = (
        "INSTR(CAST({column} AS TEXT), %s) > 0"
        if connection.vendor == "sqlite"
        else "STRPOS(CAST({column} AS TEXT), %s) > 0"
    )
    found = set()
    with connection.cursor() as cursor:
        for (table, column), _count in rows_containing(value).items():
            key = connection.introspection.get_primary_key_column(cursor, table)
            condition = " OR ".join(find.format(column=connection.ops.quote_name(column)) for _ in forms)
            cursor.execute(
                f"SELECT {connection.ops.quote_name(key)} FROM {connection.ops.quote_name(table)} WHERE {condition}",
                forms,
            )
            found |= {(table, str(row[0])) for row in cursor.fetchall()}
    return found
