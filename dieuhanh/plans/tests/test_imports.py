"""Importing figures from XLSX and CSV: all or nothing, idempotent, corrections recorded, every
bad cell reported with sheet, row, column and a Vietnamese reason; the template; the job."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal as D  # noqa: N817 - short for readable tables of figures

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.org.access import authority_for
from dieuhanh.plans import imports, services
from dieuhanh.plans.errors import PlansError
from dieuhanh.plans.imports import (
    ImportFileError,
    parse,
    read_number,
    start_import,
    template_workbook,
    validate_and_save,
)
from dieuhanh.plans.jobs import import_figures
from dieuhanh.plans.models import Figure, FigureChange, ImportBatch, StatItem
from dieuhanh.plans.tests.factories import csv_file, xlsx

HEADER = ["Mã đơn vị", "Tháng", "TB_MOI", "TB_GQ", "TB_TON"]


@pytest.fixture
def months(org):
    """Three ended months before the current one: (m0, m1, m2), oldest first."""
    current = Month.of(org.today)
    return current.shift(-3), current.shift(-2), current.shift(-1)


def run_import(person, name, content, *, reason=""):
    authority = authority_for(person.user)
    batch = services.new_batch(ImportBatch.Source.FILE, authority=authority, file_name=name)
    return validate_and_save(
        batch, name, lambda: io.BytesIO(content), authority=authority, reason=reason
    )


def figures():
    """Every saved figure as {(unit code, item code, yyyymm): value}."""
    return {
        (unit, item, month): value
        for unit, item, month, value in Figure.objects.values_list(
            "unit__code", "item__code", "month", "value"
        )
    }


def cell(row, column, header, message, sheet="So lieu"):
    return {"sheet": sheet, "row": row, "column": column, "header": header, "message": message}


def good_file(months, *, kv2_resolved=0):
    _m0, m1, m2 = months
    return xlsx(
        [
            HEADER,
            ["kv1", str(m1), 12, 10, None],
            # Excel turns a typed "03/2026" into a date: the month is still read.
            ["kv2", dt.datetime(m1.year, m1.month, 1), 7, kv2_resolved, 3],
            ["kv1", str(m2), "1.234", "5", 2],
        ]
    )


# ---------------------------------------------------------------- landing, re-import, correction


def test_good_file_lands_whole_with_its_history_and_audit(org, months):
    _m0, m1, m2 = months
    content = good_file(months)
    # When the Chief imports a file of 3 rows and 8 values (one cell left empty)
    result = run_import(org.chief, "so-lieu.xlsx", content)
    # Then every value is saved as written, and the empty cell is no value, not zero
    assert result.ok
    assert figures() == {
        ("kv1", "TB_MOI", m1.key): D(12),
        ("kv1", "TB_GQ", m1.key): D(10),
        ("kv2", "TB_MOI", m1.key): D(7),
        ("kv2", "TB_GQ", m1.key): D(0),
        ("kv2", "TB_TON", m1.key): D(3),
        ("kv1", "TB_MOI", m2.key): D(1234),
        ("kv1", "TB_GQ", m2.key): D(5),
        ("kv1", "TB_TON", m2.key): D(2),
    }
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.values_created, batch.values_changed, batch.values_unchanged) == (
        ImportBatch.Status.DONE,
        8,
        0,
        0,
    )
    assert (batch.rows_total, batch.rows_done, batch.progress, batch.errors) == (3, 3, 100, [])
    assert batch.sha256 == hashlib.sha256(content).hexdigest()
    assert batch.file_name == "so-lieu.xlsx"
    assert set(FigureChange.objects.values_list("before", "batch_id", "correction")) == {
        (None, batch.pk, False)
    }
    assert FigureChange.objects.count() == 8
    audit = AuditEntry.objects.get(action="plans.figures.import")
    assert (audit.actor_id, audit.object_id) == (org.chief.user_id, str(batch.pk))
    assert audit.changes["values_created"] == [0, 8]


def test_importing_the_same_file_again_changes_nothing(org, months):
    content = good_file(months)
    run_import(org.chief, "so-lieu.xlsx", content)
    before = figures()
    # When the same file is imported a second time
    result = run_import(org.chief, "so-lieu.xlsx", content)
    # Then every value is counted unchanged and no history is added
    assert (result.created, result.changed, result.unchanged) == (0, 0, 8)
    assert figures() == before
    assert FigureChange.objects.count() == 8
    assert Figure.objects.count() == 8


def test_corrected_file_changes_exactly_that_figure_and_records_the_change(org, months):
    _m0, m1, _m2 = months
    run_import(org.chief, "so-lieu.xlsx", good_file(months))
    # When the file comes back with KV2's resolved reports of m1 corrected from 0 to 4
    result = run_import(org.chief, "so-lieu-sua.xlsx", good_file(months, kv2_resolved=4))
    # Then only that figure changes, and its history shows 0 → 4 under the new batch
    assert (result.created, result.changed, result.unchanged) == (0, 1, 7)
    changed = Figure.objects.get(unit=org.kv2, item__code="TB_GQ", month=m1.key)
    assert (changed.value, changed.batch_id) == (D(4), result.batch.pk)
    assert list(changed.changes.values_list("before", "after", "batch_id", "correction")) == [
        (None, D(0), changed.changes.first().batch_id, False),
        (D(0), D(4), result.batch.pk, False),
    ]
    assert FigureChange.objects.count() == 9


# ---------------------------------------------------------------- errors


def big_file(org, months, bad=None):
    """5 units × 38 months × 16 items = 3,040 values; `bad` = (row, item code, raw) replaces one."""
    units = [org.province, org.department, org.kv1, org.team, org.kv2]
    codes = list(StatItem.objects.values_list("code", flat=True))
    rows = [["Mã đơn vị", "Tháng", *codes]]
    for back in range(38):
        for unit in units:
            rows.append([unit.code, str(months[2].shift(-back)), *range(len(codes))])
    if bad is not None:
        row, code, raw = bad
        rows[row - 1][2 + codes.index(code)] = raw
    return xlsx(rows), codes


def test_one_bad_cell_among_three_thousand_saves_nothing_and_names_that_cell(org, months):
    content, codes = big_file(org, months, bad=(101, "TB_GQ", "12a"))
    assert len(codes) * 190 == 3040
    # When a file of 3,040 values with one non-number is imported
    result = run_import(org.chief, "so-lieu.xlsx", content)
    # Then nothing is saved and the only error is that cell (TB_GQ is the 4th item: column F)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [cell(101, "F", "TB_GQ", "Không phải là số: “12a”")]
    assert result.error_count == 1
    assert (Figure.objects.count(), FigureChange.objects.count()) == (0, 0)
    assert batch.rows_total == 190


def test_the_same_big_file_without_the_bad_cell_lands_whole(org, months):
    content, _codes = big_file(org, months)
    result = run_import(org.chief, "so-lieu.xlsx", content)
    assert (result.ok, result.created, Figure.objects.count()) == (True, 3040, 3040)


def test_every_kind_of_bad_cell_is_reported_with_its_vietnamese_reason(org, months):
    m0, m1, m2 = months
    future = Month.of(org.today).shift(1)
    services.close_period(
        org.province, month=m0, signed_by="Trần Văn Trưởng", authority=authority_for(org.chief.user)
    )
    content = xlsx(
        [
            ["Mã đơn vị", "Tháng", "TB_MOI", "TB_GQ", "TB_XYZ", None],
            ["zz", str(m1), 1, 2],
            ["kv1", "13/2025", 1, 2],
            ["kv1", str(m1), "abc", 2],
            ["kv2", str(m1), -3, 2],
            ["kv1", str(m2), "12,5", 2],
            ["kv1", str(m1), 1, 2],
            ["phong-1", str(m0), 5, None],
            ["kv2", str(m2), None, None, 9, 7],
            ["kv1", str(future), 1],
            [None, str(m1), 1],
        ]
    )
    # When the file is imported without a correction reason
    result = run_import(org.chief, "so-lieu.xlsx", content)
    # Then every bad cell is reported, in file order, and nothing is saved
    assert result.batch.errors == [
        cell(1, "E", "TB_XYZ", "Không có chỉ tiêu thống kê mã “TB_XYZ”"),
        cell(2, "A", "Mã đơn vị", "Không có đơn vị mã “zz”"),
        cell(3, "B", "Tháng", "Tháng phải có dạng mm/yyyy"),
        cell(4, "C", "TB_MOI", "Không phải là số: “abc”"),
        cell(5, "C", "TB_MOI", "Số liệu không được âm: “-3”"),
        cell(6, "C", "TB_MOI", "Số liệu phải là số nguyên: “12,5”"),
        cell(7, "A", "Mã đơn vị", f"Đơn vị “kv1” tháng {m1} đã có ở dòng 4"),
        cell(8, "C", "TB_MOI", f"Tháng {m0} của Phòng 1 đã khóa sổ; cần lý do đính chính"),
        cell(9, "F", "", "Có số liệu nhưng cột không có mã chỉ tiêu ở dòng 1"),
        cell(10, "B", "Tháng", f"Tháng {future} chưa đến"),
        cell(11, "A", "Mã đơn vị", "Thiếu mã đơn vị"),
    ]
    assert result.error_count == 11
    assert Figure.objects.count() == 0


def test_missing_headers_are_reported_on_row_one(org):
    result = run_import(org.chief, "so-lieu.xlsx", xlsx([["Đơn vị", "TB_MOI", "tb_moi"]]))
    # Missing columns are placed where they could be added: just after the last header
    assert result.batch.errors == [
        cell(1, "C", "tb_moi", "Mã chỉ tiêu “tb_moi” trùng với cột B."),
        cell(1, "D", "Mã đơn vị", "Thiếu cột “Mã đơn vị”."),
        cell(1, "D", "Tháng", "Thiếu cột “Tháng”."),
    ]


def test_unit_outside_the_heads_scope_reads_exactly_like_an_unknown_unit(org, months):
    _m0, m1, _m2 = months
    content = xlsx([HEADER, ["kv1-to1", str(m1), 1], ["kv2", str(m1), 1], ["zz", str(m1), 1]])
    # When KV1's head imports a row for their team, one for the sibling KV2 and one for no unit
    result = run_import(org.unit_head, "so-lieu.xlsx", content)
    # Then KV2 is "unknown", word for word like a unit that does not exist
    assert result.batch.errors == [
        cell(3, "A", "Mã đơn vị", "Không có đơn vị mã “kv2”"),
        cell(4, "A", "Mã đơn vị", "Không có đơn vị mã “zz”"),
    ]
    assert Figure.objects.count() == 0


def test_error_list_is_capped_at_a_thousand_with_the_total(org, months):
    codes = list(StatItem.objects.values_list("code", flat=True))[:12]
    units = ["tinh-thu", "phong-1", "kv1", "kv1-to1", "kv2"]
    rows = [["Mã đơn vị", "Tháng", *codes]]
    rows += [[u, str(months[2].shift(-b)), *["x"] * 12] for b in range(20) for u in units]
    result = run_import(org.chief, "so-lieu.csv", csv_file(rows))
    assert (result.error_count, len(result.errors)) == (1200, 1000)
    assert len(result.batch.errors) == 1001
    assert result.batch.errors[-1] == cell(
        None, "", "", "Còn 200 lỗi khác (tổng cộng 1200 lỗi).", sheet=""
    )


# ---------------------------------------------------------------- closed months


def test_closed_month_needs_a_reason_and_the_change_is_kept_as_a_correction(org, months):
    m0, _m1, _m2 = months
    chief = authority_for(org.chief.user)
    original = xlsx([HEADER, ["kv1", str(m0), 20, 15, 4]])
    run_import(org.chief, "thang.xlsx", original)
    services.close_period(org.province, month=m0, signed_by="Trần Văn Trưởng", authority=chief)
    # Given the month is closed, importing the same values again is harmless
    again = run_import(org.chief, "thang.xlsx", original)
    assert (again.ok, again.unchanged) == (True, 3)
    # When a changed value arrives without a reason, then it is refused at its cell
    corrected = xlsx([HEADER, ["kv1", str(m0), 20, 16, 4]])
    refused = run_import(org.chief, "thang-sua.xlsx", corrected)
    message = f"Tháng {m0} của VKSND khu vực 1 đã khóa sổ; cần lý do đính chính"
    assert refused.batch.errors == [cell(2, "D", "TB_GQ", message)]
    assert Figure.objects.get(unit=org.kv1, item__code="TB_GQ", month=m0.key).value == D(15)
    # When it comes with a reason, then it is saved as a correction that keeps the reason
    reason = "Đính chính theo kết quả rà soát số liệu"
    accepted = run_import(org.chief, "thang-sua.xlsx", corrected, reason=reason)
    assert (accepted.ok, accepted.changed, accepted.unchanged) == (True, 1, 2)
    change = FigureChange.objects.get(batch=accepted.batch)
    assert (change.before, change.after, change.correction, change.reason) == (
        D(15),
        D(16),
        True,
        reason,
    )
    assert accepted.batch.reason == reason


# ---------------------------------------------------------------- CSV and number formats


def test_csv_with_bom_and_vietnamese_number_formats(org, months):
    _m0, m1, m2 = months
    StatItem.objects.create(code="TY_LE", name="Tỷ lệ thử", measure="%")
    content = csv_file(
        [
            ["Mã đơn vị", "Tháng", "TB_MOI", "TB_GQ", "TY_LE"],
            ["kv1", str(m1), "1.234", "1 234", "12,5"],
            ["kv2", str(m1), "1234", "", "99,75"],
        ]
    )
    assert content.startswith(b"\xef\xbb\xbf")
    result = run_import(org.chief, "so-lieu.csv", content)
    assert result.ok
    assert figures() == {
        ("kv1", "TB_MOI", m1.key): D(1234),
        ("kv1", "TB_GQ", m1.key): D(1234),
        ("kv1", "TY_LE", m1.key): D("12.5"),
        ("kv2", "TB_MOI", m1.key): D(1234),
        ("kv2", "TY_LE", m1.key): D("99.75"),
    }
    # A semicolon file (Excel on a Vietnamese Windows) without BOM is read the same way
    semicolon = csv_file([["Mã đơn vị", "Tháng", "TY_LE"], ["kv1", str(m2), "0,5"]], bom=False)
    semicolon = semicolon.replace(b",", b";").replace(b"0;5", b"0,5")
    assert run_import(org.chief, "so-lieu.csv", semicolon).ok
    assert figures()[("kv1", "TY_LE", m2.key)] == D("0.5")


def test_csv_errors_name_the_file_as_the_sheet(org, months):
    content = csv_file([["Mã đơn vị", "Tháng", "TB_MOI"], ["kv1", str(months[1]), "1.5"]])
    result = run_import(org.chief, "bao-cao-thang.csv", content)
    assert result.batch.errors == [
        cell(2, "C", "TB_MOI", "Không phải là số: “1.5”", sheet="bao-cao-thang.csv")
    ]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.234", D(1234)),
        ("1234", D(1234)),
        ("1 234", D(1234)),
        ("1\u00a0234", D(1234)),
        ("12,5", D("12.5")),
        ("1.234.567,25", D("1234567.25")),
        (" 7 ", D(7)),
        ("-3", D(-3)),
        (12.5, D("12.5")),
        (7, D(7)),
    ],
)
def test_numbers_are_read_in_the_vietnamese_format(raw, value):
    assert read_number(raw) == value


@pytest.mark.parametrize("raw", ["1.5", "12.5", "1.23", "1,234.5", "1.234 567", "abc", "", True])
def test_ambiguous_or_foreign_numbers_are_refused_rather_than_guessed(raw):
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the raw cell, no more
        read_number(raw)


def test_other_file_types_and_broken_files_are_refused_in_vietnamese(org):
    with pytest.raises(ImportFileError) as refused:
        list(parse("so-lieu.xls", io.BytesIO(b"")))
    assert refused.value.message == (
        "Tệp “so-lieu.xls” không phải .xlsx hoặc .csv; hãy lưu bảng tính dạng Excel (.xlsx) "
        "hoặc CSV (UTF-8)."
    )
    broken = run_import(org.chief, "so-lieu.xlsx", b"not a zip")
    assert broken.batch.errors == [
        cell(
            None,
            "",
            "",
            "Không đọc được “so-lieu.xlsx” như bảng tính Excel (.xlsx).",
            sheet="so-lieu.xlsx",
        )
    ]
    windows_1258 = run_import(org.chief, "so-lieu.csv", b"Ma don vi,Th\xe1ng\n")
    assert windows_1258.batch.errors == [
        cell(
            None,
            "",
            "",
            "Tệp CSV phải mã hóa UTF-8; hãy lưu lại với kiểu “CSV UTF-8”.",
            sheet="so-lieu.csv",
        )
    ]


# ---------------------------------------------------------------- template


def test_template_round_trips_units_months_and_values(org, months):
    _m0, m1, m2 = months
    run_import(org.chief, "so-lieu.xlsx", good_file(months))
    items = list(StatItem.objects.filter(code__in=["TB_TON", "TB_MOI", "TB_GQ"]))
    known = {(f.unit_id, f.item_id, f.month): f.value for f in Figure.objects.all()}
    # When a template for KV1 and KV2 over m1–m2 is generated with the known values
    content = template_workbook([org.kv1, org.kv2], [m1, m2], items, values=known)
    # Then it parses back to the same units, months and values
    rows = list(parse("mau.xlsx", io.BytesIO(content)))
    assert [(r.sheet, r.row, r.unit_code, r.month) for r in rows] == [
        ("So lieu", 2, "kv1", str(m1)),
        ("So lieu", 3, "kv1", str(m2)),
        ("So lieu", 4, "kv2", str(m1)),
        ("So lieu", 5, "kv2", str(m2)),
    ]
    parsed = {
        (r.unit_code, code, imports.read_month(r.month).key): read_number(raw)
        for r in rows
        for code, raw in r.values.items()
    }
    assert parsed == figures()
    # And importing the filled template changes nothing
    again = run_import(org.chief, "mau.xlsx", content)
    assert (again.ok, again.created, again.changed, again.unchanged) == (True, 0, 0, 8)


def test_template_explains_its_columns_in_vietnamese(org, months):
    from openpyxl import load_workbook

    items = list(StatItem.objects.filter(code="TB_MOI"))
    workbook = load_workbook(io.BytesIO(template_workbook([org.kv1], [months[1]], items)))
    assert workbook.sheetnames == ["So lieu", "Huong dan"]
    header = workbook["So lieu"]["C1"]
    assert header.value == "TB_MOI"
    assert header.comment.text == (
        "Tố giác, tin báo, kiến nghị khởi tố tiếp nhận mới (đơn vị tính: tin)"
    )
    assert workbook["So lieu"]["B2"].value == str(months[1])
    guide = list(workbook["Huong dan"].iter_rows(values_only=True))
    assert guide[-1] == ("TB_MOI", "Tố giác, tin báo, kiến nghị khởi tố tiếp nhận mới", "tin")


# ---------------------------------------------------------------- the job


def test_uploaded_file_is_imported_by_the_job_after_commit(
    org, months, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    content = good_file(months)
    upload = SimpleUploadedFile("so-lieu.xlsx", content)
    # When the Chief uploads the file (the job runs once the upload commits)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = start_import(upload, authority=authority_for(org.chief.user))
        assert Figure.objects.count() == 0
    # Then the batch is done with the file kept, and the figures are saved
    batch.refresh_from_db()
    assert len(callbacks) == 1
    assert (batch.status, batch.values_created, batch.uploaded_by_id) == (
        ImportBatch.Status.DONE,
        8,
        org.chief.user_id,
    )
    assert batch.file.name.startswith("imports/")
    assert batch.sha256 == hashlib.sha256(content).hexdigest()
    assert Figure.objects.count() == 8
    # And running the job again leaves the finished batch alone
    assert import_figures.call(batch.pk, org.chief.user_id) == ImportBatch.Status.DONE
    assert FigureChange.objects.count() == 8


def test_job_rejects_a_bad_file_with_its_cells(
    org, months, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    content = csv_file([["Mã đơn vị", "Tháng", "TB_MOI"], ["kv2", str(months[1]), "-1"]])
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_import(
            SimpleUploadedFile("so-lieu.csv", content), authority=authority_for(org.unit_head.user)
        )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [
        cell(2, "A", "Mã đơn vị", "Không có đơn vị mã “kv2”", sheet="so-lieu.csv"),
        cell(2, "C", "TB_MOI", "Số liệu không được âm: “-1”", sheet="so-lieu.csv"),
    ]


def test_upload_of_another_file_type_is_refused_before_anything_is_stored(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(PlansError) as refused:
        start_import(
            SimpleUploadedFile("so-lieu.xls", b"x"), authority=authority_for(org.chief.user)
        )
    assert refused.value.field == "file"
    assert ImportBatch.objects.count() == 0


# ---------------------------------------------------------------- progress (PostgreSQL)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite shows progress per phase")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_visible_to_other_sessions_while_the_import_runs(org, months, monkeypatch):
    # Given progress is published every 50 rows and another session watches the batch
    monkeypatch.setattr(imports.pipeline, "PROGRESS_EVERY", 50)
    monkeypatch.setattr(services, "CHUNK", 200)  # 16 values a row: a save every 13 rows
    content, _codes = big_file(org, months)
    watcher = connections["default"].copy()
    seen = []
    report = imports._Progress.report

    def watched(self, rows_done):
        report(self, rows_done)
        with watcher.cursor() as cursor:
            cursor.execute("SELECT rows_done FROM plans_importbatch")
            seen.append(cursor.fetchone()[0])

    monkeypatch.setattr(imports._Progress, "report", watched)
    try:
        # When 190 rows are imported
        result = run_import(org.chief, "so-lieu.xlsx", content)
    finally:
        watcher.close()
    # Then the watcher saw the count rise while the import's transaction was still open
    assert result.ok
    assert sorted(set(seen) - {0}) == [52, 104, 156]
