"""Bulk reads and writes of figures and their history, for `services.save_figure_rows`.

Saving a national import goes through here: a million values cannot afford a model instance
each. The rules (what is new, changed or unchanged, closed months, reasons) stay in
`services`; this module only moves rows, a chunk at a time, always inside the caller's
transaction:

- PostgreSQL: one statement per chunk and kind of write, with the values passed as arrays
  (`unnest`) — new figures and their history rows in one statement (a data-modifying CTE);
- SQLite: `executemany`, and the new figures' history rows copied from the figures just
  inserted (ids above the largest id before the insert: SQLite has one writer at a time).

A changed figure is updated only if it still holds the value it was read with; if another
transaction changed it meanwhile, `FiguresChanged` is raised and the caller's transaction
rolls back, so a history row never records a wrong "before".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.utils import timezone

from dieuhanh.plans.errors import PlansError
from dieuhanh.plans.models import Figure, FigureChange

# (unit id, item id, yyyymm, value)
NewFigure = tuple[int, int, int, Decimal]
# (figure id, value before, value after, correction)
ChangedFigure = tuple[int, Decimal, Decimal, bool]
# (figure id, unit id, item id, yyyymm, value)
StoredFigure = tuple[int, int, int, int, Decimal]

CENTS = Decimal("0.01")
FIGURES = Figure._meta.db_table
CHANGES = FigureChange._meta.db_table


class FiguresChanged(PlansError):
    """Figures changed in another transaction between reading and writing them."""


def stored_figures(
    unit_ids: Collection[int], item_ids: Collection[int], months: Collection[int]
) -> list[StoredFigure]:
    """The stored figures of these units, items and months (every combination), one query."""
    if not unit_ids or not item_ids or not months:
        return []
    query = (
        Figure.objects.filter(unit_id__in=unit_ids, item_id__in=item_ids, month__in=months)
        .order_by()
        .values_list("pk", "unit_id", "item_id", "month", "value")
    )
    # Read without the ORM's per-value converters: a re-import reads every stored value once.
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":  # numeric arrives as Decimal
        return cast(list[StoredFigure], rows)
    # SQLite keeps a decimal column as an integer or a float: back to the exact two places.
    return [
        (pk, unit, item, month, Decimal(value) if isinstance(value, int) else _decimal(value))
        for pk, unit, item, month, value in rows
    ]


def _decimal(value: float | str | Decimal) -> Decimal:
    """A stored value as the Decimal the ORM would give (14 digits, 2 of them decimal)."""
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(CENTS)


def insert_figures(
    rows: Sequence[NewFigure], *, batch_id: int, correction: bool, reason: str
) -> None:
    """Insert new figures, each with its first history row (before: none)."""
    if not rows:
        return
    now = _now()
    reason = reason if correction else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            units, items, months, values = zip(*rows, strict=True)
            # Table names come from the models; every value is a parameter.
            cursor.execute(
                f"""
                WITH new AS (
                    INSERT INTO {FIGURES}
                        (unit_id, item_id, month, value, batch_id, created_at, updated_at)
                    SELECT u, i, m, v, %s, %s, %s
                    FROM unnest(%s::bigint[], %s::bigint[], %s::integer[], %s::numeric[])
                        AS t(u, i, m, v)
                    RETURNING id, value
                )
                INSERT INTO {CHANGES} (figure_id, before, after, batch_id, correction, reason, at)
                SELECT id, NULL, value, %s, %s, %s, %s FROM new
                """,  # noqa: S608
                [
                    *(batch_id, now, now),
                    *(_array(units), _array(items), _array(months), _array(values)),
                    *(batch_id, correction, reason, now),
                ],
            )
            return
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {FIGURES}")  # noqa: S608
        (last_id,) = cursor.fetchone()
        cursor.executemany(
            f"INSERT INTO {FIGURES} (unit_id, item_id, month, value, batch_id, created_at, "  # noqa: S608
            "updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(unit, item, month, value, batch_id, now, now) for unit, item, month, value in rows],
        )
        cursor.execute(
            f"INSERT INTO {CHANGES} (figure_id, before, after, batch_id, correction, reason, at) "  # noqa: S608
            f"SELECT id, NULL, value, batch_id, %s, %s, %s FROM {FIGURES} "
            "WHERE id > %s AND batch_id = %s ORDER BY id",
            [correction, reason, now, last_id, batch_id],
        )


def update_figures(rows: Sequence[ChangedFigure], *, batch_id: int, reason: str) -> None:
    """Change figures' values and batch, each with a history row (before → after)."""
    if not rows:
        return
    now = _now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, befores, afters, corrections = zip(*rows, strict=True)
            id_array, before_array, after_array = _array(ids), _array(befores), _array(afters)
            flags = "{" + ",".join("t" if flag else "f" for flag in corrections) + "}"
            cursor.execute(
                f"""
                UPDATE {FIGURES} AS f SET value = t.after, batch_id = %s, updated_at = %s
                FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[]) AS t(id, before, after)
                WHERE f.id = t.id AND f.value = t.before
                """,  # noqa: S608
                [batch_id, now, id_array, before_array, after_array],
            )
            _check_count(cursor.rowcount, len(rows))
            cursor.execute(
                f"""
                INSERT INTO {CHANGES} (figure_id, before, after, batch_id, correction, reason, at)
                SELECT id, before, after, %s, c, CASE WHEN c THEN %s ELSE '' END, %s
                FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::boolean[])
                    AS t(id, before, after, c)
                """,  # noqa: S608
                [batch_id, reason, now, id_array, before_array, after_array, flags],
            )
            return
        cursor.executemany(
            f"UPDATE {FIGURES} SET value = %s, batch_id = %s, updated_at = %s "  # noqa: S608
            "WHERE id = %s AND value = %s",
            [(after, batch_id, now, pk, before) for pk, before, after, _c in rows],
        )
        _check_count(cursor.rowcount, len(rows))
        cursor.executemany(
            f"INSERT INTO {CHANGES} (figure_id, before, after, batch_id, correction, reason, at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (pk, before, after, batch_id, correction, reason if correction else "", now)
                for pk, before, after, correction in rows
            ],
        )


def _array(values: Sequence[int | Decimal]) -> str:
    """A PostgreSQL array literal of numbers, cast by the statement (`%s::numeric[]`).

    Far cheaper than adapting a list element by element: ten thousand numbers per chunk.
    """
    return "{" + ",".join(map(str, values)) + "}"


def _check_count(updated: int, expected: int) -> None:
    if updated != expected:
        raise FiguresChanged(
            f"{expected - updated} số liệu vừa được người khác sửa trong lúc lưu; chưa lưu gì."
        )


def _now() -> Any:
    """The current time as the database driver expects a DateTimeField's value."""
    now: dt.datetime = timezone.now()
    return connection.ops.adapt_datetimefield_value(now)
