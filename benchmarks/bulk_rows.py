"""Writing generated rows straight into a model's table, for benchmark loaders.

COPY on PostgreSQL, `executemany` in chunks on SQLite: tens of times faster than `bulk_create`
for a million rows, and without building a model instance per row. The rows are written as
given — no `save()`, no signals, no service, no audit — with the ids the loader chose; call
`reset_sequences` afterwards so that PostgreSQL's identity columns continue after them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import batched
from typing import Any

from django.db import connection
from django.db.models import Field, Model

CHUNK = 10_000


@lru_cache(maxsize=4096)
def _datetime_for_sqlite(value: dt.datetime) -> str:
    return str(connection.ops.adapt_datetimefield_value(value))


def _adapter(model_field: Field[Any, Any]) -> Callable[[Any], Any]:
    """How a value goes into the driver: as is on PostgreSQL, dates as text on SQLite."""
    if connection.vendor != "sqlite":
        return lambda value: value
    internal = model_field.get_internal_type()
    if internal == "DateTimeField":
        return lambda value: None if value is None else _datetime_for_sqlite(value)
    if internal == "DateField":
        return lambda value: None if value is None else value.isoformat()
    return lambda value: value


def insert_rows(
    model: type[Model], rows: Sequence[Any], *, names: Collection[str] | None = None
) -> None:
    """Write `rows` (dicts, or objects with one attribute per field `names`) into the table.

    Fields neither given nor the primary key take their default; a field without one that is
    not nullable is refused before anything is written.
    """
    if not rows:
        return
    given = set(rows[0]) if isinstance(rows[0], dict) else set(names or ())
    fields = [f for f in model._meta.concrete_fields if f.attname in given or not f.primary_key]
    defaults: dict[str, Any] = {}
    for model_field in fields:
        if model_field.attname not in given:
            if not model_field.has_default() and not model_field.null:
                name = f"{model.__name__}.{model_field.attname}"
                raise RuntimeError(f"{name} needs a value in the loader.")
            defaults[model_field.attname] = model_field.get_default()
    attnames = [f.attname for f in fields]
    adapters = [_adapter(f) for f in fields]

    def value(row: Any, name: str) -> Any:
        if name in defaults:
            return defaults[name]
        return row[name] if isinstance(row, dict) else getattr(row, name)

    def values() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            yield tuple(
                adapt(value(row, name)) for name, adapt in zip(attnames, adapters, strict=True)
            )

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            for chunk in batched(values(), CHUNK):
                cursor.executemany(statement, chunk)


def reset_sequences(models: Iterable[type[Model]]) -> None:
    """After explicit ids, make PostgreSQL's identity columns continue after the largest one."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            quoted = connection.ops.quote_name(table)
            # Our own table names, quoted; the only value is a parameter.
            statement = (
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {quoted}), 1))"
            )
            cursor.execute(statement, [table])
