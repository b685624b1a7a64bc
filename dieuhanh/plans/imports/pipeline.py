"""Running an import: pass 1 (check), pass 2 (write in one transaction), progress, result.

An import is checked whole first (pass 1) and every bad cell is reported; only a file without
a single error is written (pass 2), in one transaction.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any, BinaryIO

from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone

from dieuhanh.core.audit import Actor, record
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import services
from dieuhanh.plans.errors import CellError, ImportFileError, PlansError
from dieuhanh.plans.imports.checking import Checker, Errors, error_order
from dieuhanh.plans.imports.reading import bad_extension, file_error, open_sheet
from dieuhanh.plans.models import ImportBatch

PROGRESS_EVERY = 1000  # rows between two progress writes


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the counts, or every error (capped) with their total."""

    batch: ImportBatch
    errors: list[CellError]
    error_count: int
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class _Progress:
    """Publishes `rows_done` while the import's transaction is still open, where that can work.

    On PostgreSQL a second connection (autocommit) updates the batch row, so other sessions
    see the progress at once. It cannot wait on the import: the import's transaction holds
    only a KEY SHARE lock on the batch row (from the figures' foreign keys), which does not
    conflict with updating a non-key column, and the import does not update the batch row
    itself until its last step. SQLite has a single writer: a second connection would wait
    for the import's own write lock until it times out, so there progress shows per phase
    (rows_total once checked, rows_done at commit). Inside an outer transaction (tests, or a
    caller's atomic block) the batch row is not committed, so the side channel is off as well.
    """

    def __init__(self, batch: ImportBatch) -> None:
        main = connections[DEFAULT_DB_ALIAS]
        live = main.vendor == "postgresql" and not main.in_atomic_block
        self.side = main.copy() if live else None
        self.batch_id, self.every, self.last = batch.pk, PROGRESS_EVERY, 0
        quote = main.ops.quote_name
        table, done = quote(ImportBatch._meta.db_table), quote("rows_done")
        # Identifiers come from the model and are quoted; the values are parameters.
        self.sql = f"UPDATE {table} SET {done} = %s WHERE id = %s"  # noqa: S608

    def report(self, rows_done: int) -> None:
        if self.side is None or rows_done - self.last < self.every:
            return
        self.last = rows_done
        with self.side.cursor() as cursor:
            cursor.execute(self.sql, [rows_done, self.batch_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _write(
    spool: IO[str],
    checker: Checker,
    *,
    batch: ImportBatch,
    reason: str,
    progress: _Progress,
) -> tuple[services.SaveSummary, set[Unit]]:
    """Pass 2 (inside the caller's transaction): the spooled rows, CHUNK values at a time.

    The checker kept only units in the user's REPORT scope, so the rows go straight to
    `save_figure_rows`, by ids.
    """
    units = {u.pk: u for u in checker.units.values()}
    items = {i.pk: i for i in checker.items.values()}
    total, touched = services.SaveSummary(), set()
    chunk: list[services.FigureRow] = []

    def save() -> None:
        part = services.save_figure_rows(
            chunk, batch=batch, reason=reason, units=units, items=items
        )
        _add(total, part)
        chunk.clear()

    for rows_done, line in enumerate(spool, start=1):
        unit_text, month_text, *cells = line.split()
        unit_id, month = int(unit_text), int(month_text)
        for cell in cells:
            item_id, value = cell.split(":")
            chunk.append((unit_id, int(item_id), month, Decimal(value)))
        touched.add(unit_id)
        if len(chunk) >= services.CHUNK:
            save()
            progress.report(rows_done)
    if chunk:
        save()
    return total, {units[pk] for pk in touched}


def _check_references_per_statement() -> None:
    """On PostgreSQL, check foreign keys as each statement ends, not all at commit.

    Django declares them DEFERRABLE INITIALLY DEFERRED, so a national import would queue five
    checks per value (millions) for the commit: progress would stand at 100% while they ran,
    and the server would hold the whole queue in memory. The checks cost the same either way.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _add(total: services.SaveSummary, part: services.SaveSummary) -> None:
    total.created += part.created
    total.changed += part.changed
    total.unchanged += part.unchanged
    total.corrections += part.corrections


def _actor(authority: Authority, units: Iterable[Unit]) -> Actor:
    """Who imported: stamped "on behalf of" when any unit is reached through a delegation."""
    actors = [authority.actor_for(unit, Power.REPORT) for unit in units]
    return next((a for a in actors if a.on_behalf_of_label), authority.actor)


# ---------------------------------------------------------------- the import


def validate_and_save(
    batch: ImportBatch,
    file_name: str,
    open_stream: Callable[[], BinaryIO],
    *,
    authority: Authority,
    reason: str = "",
) -> ImportResult:
    """Import a file into `batch`: all of it, or nothing and every bad cell reported.

    Pass 1 streams the file, checks every cell and spools the checked values to a temporary
    file; pass 2 writes them from the spool (no second parse, and exactly what was checked,
    even if the stored file changed meanwhile) in one transaction.
    """
    reason = reason.strip()
    batch.sha256 = _sha256(open_stream)
    batch.file_name = PurePath(file_name).name[:255]
    batch.status, batch.reason = ImportBatch.Status.RUNNING, reason
    batch.save(update_fields=["sha256", "file_name", "status", "reason", "updated_at"])
    errors = Errors()
    checker: Checker | None = None
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="ascii") as spool:
        try:
            with closing(open_stream()) as stream, open_sheet(file_name, stream) as opened:
                layout, rows = opened
                checker = Checker(
                    layout, authority=authority, reason=reason, spool=spool, errors=errors
                )
                checker.run(rows)
        except ImportFileError as error:
            errors.extend(error.errors)
        rows_total = checker.rows if checker else 0
        if errors.total or checker is None:
            return _reject(batch, errors, rows=rows_total)
        batch.rows_total, batch.rows_done = rows_total, 0
        batch.save(update_fields=["rows_total", "rows_done", "updated_at"])
        spool.seek(0)
        return _save(batch, spool, checker, authority=authority, reason=reason)


def _save(
    batch: ImportBatch, spool: IO[str], checker: Checker, *, authority: Authority, reason: str
) -> ImportResult:
    progress = _Progress(batch)
    try:
        with transaction.atomic():
            _check_references_per_statement()
            summary, units = _write(spool, checker, batch=batch, reason=reason, progress=progress)
            actor = _actor(authority, units)
            batch.rows_done, batch.on_behalf_of_label = checker.rows, actor.on_behalf_of_label
            services.finish_batch(batch, summary)
            changes = _audit_changes(summary, units=len(units))
            record("plans.figures.import", batch, actor=actor, changes=changes)
    except (PlansError, IntegrityError) as error:
        # Something changed between the passes (a month closed, another import of the same
        # figures committed first): nothing was written; the user imports the file again.
        message = f"Số liệu vừa thay đổi trong lúc nhập, chưa ghi gì; hãy nhập lại tệp. ({error})"
        failure = Errors().extend([file_error(checker.layout.sheet, message)])
        return _reject(batch, failure, rows=checker.rows)
    finally:
        progress.close()
    return ImportResult(
        batch, [], 0, created=summary.created, changed=summary.changed, unchanged=summary.unchanged
    )


def _audit_changes(summary: services.SaveSummary, *, units: int) -> dict[str, list[Any]]:
    """One audit entry per import: the counts. Each value's before and after, with this batch,
    is in the figures' history (FigureChange), which the drill-down shows."""
    return {
        "status": [ImportBatch.Status.RUNNING, ImportBatch.Status.DONE],
        "values_created": [0, summary.created],
        "values_changed": [0, summary.changed],
        "values_unchanged": [0, summary.unchanged],
        "values_corrected": [0, summary.corrections],
        "units": [0, units],
    }


def _reject(batch: ImportBatch, errors: Errors, *, rows: int) -> ImportResult:
    batch.status, batch.errors = ImportBatch.Status.REJECTED, errors.as_json()
    batch.rows_total, batch.rows_done, batch.finished_at = rows, 0, timezone.now()
    batch.values_created = batch.values_changed = batch.values_unchanged = 0
    batch.on_behalf_of_label = ""
    batch.save()
    return ImportResult(batch, sorted(errors.kept, key=error_order), errors.total)


def _sha256(open_stream: Callable[[], BinaryIO]) -> str:
    digest = hashlib.sha256()
    with closing(open_stream()) as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def start_import(
    uploaded_file: File[Any], *, authority: Authority, reason: str = ""
) -> ImportBatch:
    """Store an uploaded file as a pending batch and queue its import after commit."""
    # jobs imports this module; importing it here, at call time, keeps the cycle harmless.
    from dieuhanh.plans.jobs import import_figures

    name = PurePath(uploaded_file.name or "").name
    if PurePath(name).suffix.lower() not in (".xlsx", ".csv"):
        raise PlansError(bad_extension(name), field="file")
    if len(reason.strip()) > 300:
        raise PlansError("Lý do đính chính tối đa 300 ký tự.", field="reason")
    if not authority.user.is_authenticated:
        raise PlansError("Cần đăng nhập để nhập số liệu.")
    batch = services.new_batch(
        ImportBatch.Source.FILE, authority=authority, file_name=name[:255], reason=reason.strip()
    )
    batch.file.save(name, uploaded_file, save=True)
    user_id = authority.user.pk
    transaction.on_commit(lambda: import_figures.enqueue(batch.pk, user_id))
    return batch
