"""Background work of plans: importing an uploaded file of figures."""

from __future__ import annotations

import logging
from typing import BinaryIO, cast

from django.contrib.auth.models import User
from django.tasks import task
from django.utils import timezone

from dieuhanh.org.access import authority_for
from dieuhanh.plans.imports import validate_and_save
from dieuhanh.plans.models import ImportBatch

logger = logging.getLogger(__name__)

FINISHED = (ImportBatch.Status.DONE, ImportBatch.Status.REJECTED)
FAILURE = "Lỗi hệ thống khi nhập tệp; chưa ghi số liệu nào. Hãy thử lại hoặc báo quản trị."


@task()
def import_figures(batch_id: int, user_id: int) -> str:
    """Import a stored batch's file as the user who uploaded it; returns the batch's status.

    Idempotent: a batch already done or rejected is left alone, and a batch another worker
    has claimed (running) is not started twice.
    """
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.FAILED]
    ).update(status=ImportBatch.Status.RUNNING, updated_at=timezone.now())
    batch = ImportBatch.objects.get(pk=batch_id)
    if not claimed:
        return str(batch.status)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not batch.file:
        return _fail(batch, "Không còn người tải tệp hoặc tệp đã mất; hãy tải tệp lên lại.")
    storage, name = batch.file.storage, str(batch.file.name)
    try:
        validate_and_save(
            batch,
            batch.file_name or name,
            # A new file object per pass; Django's File proxies the binary file's methods.
            lambda: cast(BinaryIO, storage.open(name, "rb")),
            # Re-enter the uploader's scope as it is now: rights may have ended since upload.
            authority=authority_for(user),
            reason=batch.reason,
        )
    except Exception:
        logger.exception("Import of batch %s failed", batch_id)
        _fail(batch, FAILURE)
        raise
    return str(batch.status)


def _fail(batch: ImportBatch, message: str) -> str:
    batch.status, batch.finished_at = ImportBatch.Status.FAILED, timezone.now()
    batch.errors = [{"sheet": "", "row": None, "column": "", "header": "", "message": message}]
    batch.save(update_fields=["status", "finished_at", "errors", "updated_at"])
    return str(batch.status)
