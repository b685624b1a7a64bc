"""Import pages: who may list, upload, follow and template; what an upload shows; fixed queries.

Uploads run the import job right after commit (the test settings use the immediate task
backend), so a POST that succeeds redirects to a batch that is already finished.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D  # noqa: N817 - short for readable tables of figures

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html
from openpyxl import load_workbook

from conftest import ARCHETYPES
from dieuhanh.core.periods import Month, month_period, parse_period
from dieuhanh.org.access import authority_for
from dieuhanh.plans import services
from dieuhanh.plans.imports import validate_and_save
from dieuhanh.plans.models import Figure, FigureChange, ImportBatch, StatItem
from dieuhanh.plans.tests.factories import csv_file
from dieuhanh.plans.views import default_period, period_choices

A = ARCHETYPES  # unit_head, chief, peer, deputy, delegate, past_delegate, outsider, admin
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def months(org):
    """Two ended months before the current one: (m1, m2), oldest first."""
    current = Month.of(org.today)
    return current.shift(-2), current.shift(-1)


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs=kwargs)


def batch_by(person, *, name="so-lieu.csv", status=ImportBatch.Status.DONE):
    batch = services.new_batch(
        ImportBatch.Source.FILE, authority=authority_for(person.user), file_name=name
    )
    batch.status = status
    batch.save()
    return batch


def noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def run_import(person, name, content, *, reason=""):
    authority = authority_for(person.user)
    batch = services.new_batch(ImportBatch.Source.FILE, authority=authority, file_name=name)
    return validate_and_save(
        batch, name, lambda: io.BytesIO(content), authority=authority, reason=reason
    )


def kv1_file(months, *, resolved=9):
    m1, m2 = months
    return csv_file(
        [
            ["Mã đơn vị", "Tháng", "KNG", "KNG_CN"],
            ["kv1", str(m1), 10, 6],
            ["kv1", str(m2), 10, resolved],
        ]
    )


def figures():
    return {
        (unit, item, month): value
        for unit, item, month, value in Figure.objects.values_list(
            "unit__code", "item__code", "month", "value"
        )
    }


def table_rows(content, testid):
    """The text of each body row's cells in the table marked data-testid=`testid`."""
    document = html.fromstring(content)
    return [
        [" ".join(cell.text_content().split()) for cell in tr.xpath("./td|./th")]
        for tr in document.xpath(f"//table[@data-testid='{testid}']/tbody/tr")
    ]


def upload(client, name, content, *, reason="", capture):
    with capture(execute=True):
        return client.post(
            url("import_new"), {"file": SimpleUploadedFile(name, content), "reason": reason}
        )


# ---------------------------------------------------------------- permission matrix

#                        unit_head chief peer deputy delegate past outsider admin
GET_MATRIX = {
    "imports":           row(200, 200, 200, 200, 200, 200, 200, 200),
    "import_new":        row(200, 200, 200, 200, 200, 200, 403, 200),
    "import_template":   row(200, 200, 200, 200, 200, 200, 403, 200),
    "batch_of_kv1_head": row(200, 200, 404, 200, 404, 404, 404, 200),
    "batch_of_kv2_head": row(404, 200, 200, 404, 200, 404, 404, 200),
    "batch_of_system":   row(404, 404, 404, 404, 404, 404, 404, 200),
}  # fmt: skip


def page_url(page, org):
    if page.startswith("batch_of_"):
        owner = {"kv1_head": org.unit_head, "kv2_head": org.peer, "system": None}[page[9:]]
        if owner is None:
            batch = ImportBatch.objects.create(source=ImportBatch.Source.SEED, status="done")
        else:
            batch = batch_by(owner)
        return url("import_batch", pk=batch.pk)
    return url(page)


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("page", list(GET_MATRIX))
def test_get_matrix(client, org, page, archetype):
    target = page_url(page, org)
    client.force_login(getattr(org, archetype).user)
    assert client.get(target).status_code == GET_MATRIX[page][archetype]


@pytest.mark.parametrize("page", list(GET_MATRIX))
def test_anonymous_is_sent_to_login(client, org, page):
    response = client.get(page_url(page, org))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_list_shows_exactly_the_batches_in_scope(client, org):
    # Given a batch by each regional head, one by the Chief and one by the system
    kv1 = batch_by(org.unit_head, name="kv1.csv")
    kv2 = batch_by(org.peer, name="kv2.csv")
    province = batch_by(org.chief, name="tinh.csv")
    system = ImportBatch.objects.create(source=ImportBatch.Source.SEED, status="done")
    expected = {
        "unit_head": [kv1],
        "prosecutor": [],  # a member of KV1: reporting figures is not overseeing imports
        "chief": [province, kv2, kv1],
        "peer": [kv2],
        "deputy": [kv1],  # portfolio over KV1
        "delegate": [kv2],  # delegation with APPROVE over KV2
        "past_delegate": [],
        "outsider": [],
        "admin": [system, province, kv2, kv1],
    }
    for archetype, batches in expected.items():
        # When each archetype opens the list
        client.force_login(getattr(org, archetype).user)
        response = client.get(url("imports"))
        # Then they see exactly their batches and those of people posted under their heads'
        # powers, newest first
        assert list(response.context["page"]) == batches, archetype
        assert [r[1] for r in table_rows(response.content, "import-list") if len(r) > 1] == [
            f"{b.file_name} · Tệp bảng tính" if b.file_name else "Dữ liệu demo" for b in batches
        ], archetype


def test_batch_of_a_former_member_stays_with_the_unit_they_were_in(client, org):
    # Given the prosecutor imported while posted in KV1, then left KV1
    batch = batch_by(org.prosecutor)
    posting = org.prosecutor.postings.get()
    posting.start = org.today.replace(year=org.today.year - 2)
    posting.end = org.today.replace(year=org.today.year - 1)
    posting.save()
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=noon(posting.end))
    # Then KV1's head still sees it, and the peer head does not
    client.force_login(org.unit_head.user)
    assert client.get(url("import_batch", pk=batch.pk)).status_code == 200
    client.force_login(org.peer.user)
    assert client.get(url("import_batch", pk=batch.pk)).status_code == 404
    # And a batch uploaded after the posting ended is no longer KV1's
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=noon(org.today))
    client.force_login(org.unit_head.user)
    assert client.get(url("import_batch", pk=batch.pk)).status_code == 404


#                unit_head chief peer deputy delegate past outsider admin
UPLOAD_STATUS = row(302, 302, 302, 302, 302, 302, 403, 302)
# KV1's figures land for those who report for KV1; the others get KV1 read as an unknown unit.
UPLOAD_RESULT = row("done", "done", "rejected", "done", "rejected", "rejected", None, "done")


@pytest.mark.parametrize("archetype", A)
def test_upload_matrix(client, org, months, archetype, django_capture_on_commit_callbacks):
    client.force_login(getattr(org, archetype).user)
    # When each archetype uploads the same file of KV1's figures
    response = upload(
        client, "so-lieu.csv", kv1_file(months), capture=django_capture_on_commit_callbacks
    )
    # Then it is accepted and imported in the uploader's scope, or refused with nothing kept
    assert response.status_code == UPLOAD_STATUS[archetype]
    batch = ImportBatch.objects.first()
    if UPLOAD_RESULT[archetype] is None:
        assert (batch, Figure.objects.count(), FigureChange.objects.count()) == (None, 0, 0)
        return
    assert response["Location"] == url("import_batch", pk=batch.pk)
    assert batch.status == UPLOAD_RESULT[archetype]
    assert Figure.objects.count() == (4 if batch.status == "done" else 0)
    if batch.status == "rejected":
        assert batch.errors == [
            {
                "sheet": "so-lieu.csv",
                "row": number,
                "column": "A",
                "header": "Mã đơn vị",
                "message": "Không có đơn vị mã “kv1”",
            }
            for number in (2, 3)
        ]


@pytest.mark.parametrize(
    "page", ["imports", "import_template", "batch_of_kv1_head", "batch_of_kv2_head"]
)
def test_pages_that_only_read_refuse_post(client, org, page):
    target = page_url(page, org)
    client.force_login(org.admin.user)
    count = ImportBatch.objects.count()
    assert client.post(target).status_code == 405
    assert ImportBatch.objects.count() == count


# ---------------------------------------------------------------- uploading


def test_good_csv_lands_and_the_batch_page_shows_counts_and_results_link(
    client, org, months, django_capture_on_commit_callbacks
):
    m1, m2 = months
    # Given KV1 already reported m1 with 10 recommendations, 5 accepted
    earlier = csv_file([["Mã đơn vị", "Tháng", "KNG", "KNG_CN"], ["kv1", str(m1), 10, 5]])
    run_import(org.unit_head, "cu.csv", earlier)
    client.force_login(org.unit_head.user)
    # When KV1's head uploads m1 (5 → 6 accepted) and m2 through the form
    response = upload(
        client, "so-lieu.csv", kv1_file(months), capture=django_capture_on_commit_callbacks
    )
    # Then the batch is done, the figures saved, and its page shows what changed
    batch = ImportBatch.objects.get(file_name="so-lieu.csv")
    assert response.status_code == 302
    assert (batch.status, batch.values_created, batch.values_changed, batch.values_unchanged) == (
        "done",
        2,
        1,
        1,
    )
    assert figures() == {
        ("kv1", "KNG", m1.key): D(10),
        ("kv1", "KNG_CN", m1.key): D(6),
        ("kv1", "KNG", m2.key): D(10),
        ("kv1", "KNG_CN", m2.key): D(9),
    }
    page = client.get(response["Location"])
    assert page.status_code == 200
    document = html.fromstring(page.content)
    counts = {
        key: document.xpath(f"string(//*[@data-testid='count-{key}'])").strip()
        for key in ("created", "changed", "unchanged", "corrections")
    }
    assert counts == {"created": "2", "changed": "1", "unchanged": "1", "corrections": "0"}
    links = document.xpath("//ul[@data-testid='batch-units']//a")
    period = f"c-{m1.key}-{m2.key}"
    assert [(a.get("href"), " ".join(a.text_content().split())) for a in links] == [
        (
            f"{url('unit_results', code='kv1')}?period={period}",
            f"VKSND khu vực 1 — Từ {m1.first_day:%d/%m/%Y} đến {m2.last_day:%d/%m/%Y}",
        )
    ]
    assert "hx-trigger" not in page.text
    # And the success message names the file
    assert "Đã nhận tệp “so-lieu.csv”; số liệu được kiểm tra trước khi ghi." in page.text


def test_correction_of_a_closed_month_is_counted_on_the_batch_page(
    client, org, months, django_capture_on_commit_callbacks
):
    m1, _m2 = months
    run_import(org.chief, "cu.csv", kv1_file(months))
    services.close_period(
        org.province, month=m1, signed_by="Trần Văn Trưởng", authority=authority_for(org.chief.user)
    )
    content = csv_file([["Mã đơn vị", "Tháng", "KNG", "KNG_CN"], ["kv1", str(m1), 10, 7]])
    client.force_login(org.chief.user)
    response = upload(
        client,
        "dinh-chinh.csv",
        content,
        reason="Rà soát lại sổ thụ lý",
        capture=django_capture_on_commit_callbacks,
    )
    page = client.get(response["Location"])
    document = html.fromstring(page.content)
    assert document.xpath("string(//*[@data-testid='count-corrections'])").strip() == "1"
    assert document.xpath("string(//*[@data-testid='count-changed'])").strip() == "1"
    assert "Rà soát lại sổ thụ lý" in page.text


def test_bad_file_shows_the_exact_cells_and_saves_nothing(
    client, org, months, django_capture_on_commit_callbacks
):
    m1, m2 = months
    run_import(org.unit_head, "cu.csv", kv1_file(months))
    before = figures()
    content = csv_file(
        [
            ["Mã đơn vị", "Tháng", "KNG", "KNG_CN"],
            ["kv1", str(m1), 12, "7a"],
            ["kv1", str(m2), -1, 8],
            ["kv9", str(m2), 1, 1],
        ]
    )
    client.force_login(org.unit_head.user)
    # When the head uploads a file with a non-number, a negative and an unknown unit
    response = upload(client, "bao-cao.csv", content, capture=django_capture_on_commit_callbacks)
    # Then nothing changed, and the batch page lists each bad cell by sheet, row and column
    batch = ImportBatch.objects.get(file_name="bao-cao.csv")
    assert batch.status == "rejected"
    assert figures() == before
    page = client.get(response["Location"])
    assert table_rows(page.content, "batch-errors") == [
        ["bao-cao.csv", "2", "D", "KNG_CN", "Không phải là số: “7a”"],
        ["bao-cao.csv", "3", "C", "KNG", "Số liệu không được âm: “-1”"],
        ["bao-cao.csv", "4", "A", "Mã đơn vị", "Không có đơn vị mã “kv9”"],
    ]
    assert "Tệp có lỗi nên chưa ghi số liệu nào." in page.text
    assert "batch-units" not in page.text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "so-lieu.xls",
            "Tệp số liệu: “so-lieu.xls” không phải tệp .xlsx hoặc .csv; hãy lưu bảng tính "
            "dạng Excel (.xlsx) hoặc CSV (UTF-8).",
        ),
        (
            "so-lieu.pdf",
            "Tệp số liệu: “so-lieu.pdf” không phải tệp .xlsx hoặc .csv; hãy lưu bảng tính "
            "dạng Excel (.xlsx) hoặc CSV (UTF-8).",
        ),
    ],
)
def test_wrong_extension_is_refused_at_the_field_and_nothing_is_kept(
    client, org, months, media, name, message, django_capture_on_commit_callbacks
):
    client.force_login(org.chief.user)
    response = upload(client, name, kv1_file(months), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert message in response.text
    assert (ImportBatch.objects.count(), Figure.objects.count()) == (0, 0)
    assert list(media.rglob("*")) == []


def test_missing_file_and_long_reason_are_named_by_field(client, org):
    client.force_login(org.chief.user)
    response = client.post(url("import_new"), {"reason": "x" * 301})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Tệp số liệu: cần chọn tệp để tải lên."],
        "reason": ["Lý do đính chính: dài tối đa 300 ký tự (đang có 301)."],
    }
    assert ImportBatch.objects.count() == 0


# ---------------------------------------------------------------- progress


def test_progress_fragment_polls_while_running_and_stops_when_finished(client, org):
    batch = batch_by(org.unit_head, status=ImportBatch.Status.RUNNING)
    ImportBatch.objects.filter(pk=batch.pk).update(rows_total=200, rows_done=50)
    client.force_login(org.unit_head.user)
    # When htmx asks for the page while the batch runs
    response = client.get(url("import_batch", pk=batch.pk), headers={"HX-Request": "true"})
    # Then only the status section comes back, polling every second, at 25%
    fragment = html.fragment_fromstring(response.text.strip())
    assert fragment.get("id") == "batch-status"
    assert (fragment.get("hx-trigger"), fragment.get("hx-get")) == (
        "every 1s",
        url("import_batch", pk=batch.pk),
    )
    bar = fragment.xpath(".//*[@data-testid='batch-progress']")[0]
    assert (bar.tag, bar.get("value"), bar.get("max")) == ("progress", "25", "100")
    assert "Đang ghi số liệu: 50/200 dòng." in " ".join(fragment.text_content().split())
    assert "<html" not in response.text
    # When the batch has finished, the fragment carries the result and no more polling
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, rows_done=200)
    response = client.get(url("import_batch", pk=batch.pk), headers={"HX-Request": "true"})
    fragment = html.fragment_fromstring(response.text.strip())
    assert fragment.get("hx-trigger") is None
    assert fragment.xpath("string(.//*[@data-testid='batch-status'])").strip() == "Đã nhập"


def test_pending_batch_shows_an_indeterminate_bar_on_the_full_page(client, org):
    batch = batch_by(org.unit_head, status=ImportBatch.Status.PENDING)
    client.force_login(org.unit_head.user)
    response = client.get(url("import_batch", pk=batch.pk))
    assert "<html" in response.text
    assert 'hx-trigger="every 1s"' in response.text
    assert "Tệp đang chờ đến lượt xử lý." in response.text
    bar = html.fromstring(response.content).xpath("//*[@data-testid='batch-progress']")[0]
    assert (bar.tag, bar.get("value")) == ("progress", None)


# ---------------------------------------------------------------- template


def test_template_has_the_units_months_items_and_known_values(client, org, months):
    _m1, m2 = months
    run_import(org.unit_head, "cu.csv", kv1_file(months))
    client.force_login(org.unit_head.user)
    slug = month_period(m2.year, m2.month).slug
    # When KV1's head asks for the template of m2
    response = client.get(url("import_template"), {"unit": "kv1", "period": slug})
    # Then an XLSX named after the unit and period comes back
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="mau-so-lieu-kv1-{slug}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content))["So lieu"]
    rows = list(sheet.iter_rows(values_only=True))
    codes = list(StatItem.objects.filter(active=True).values_list("code", flat=True))
    assert rows[0] == ("Mã đơn vị", "Tháng", *codes)
    # One row per unit of the subtree (KV1 and its team), prefilled with what is known
    assert [r[:2] for r in rows[1:]] == [("kv1", str(m2)), ("kv1-to1", str(m2))]
    known = {codes[i]: v for i, v in enumerate(rows[1][2:]) if v is not None}
    assert known == {"KNG": 10, "KNG_CN": 9}
    assert all(v is None for v in rows[2][2:])


def test_template_of_a_quarter_has_a_row_per_unit_and_month(client, org):
    # Given the latest quarter offered (every offered period has ended)
    quarter = next(p for p in period_choices(default_period()) if p.slug.startswith("q-"))
    client.force_login(org.peer.user)
    # When KV2's head asks for its template
    response = client.get(url("import_template"), {"unit": "kv2", "period": quarter.slug})
    # Then KV2 (no sub-units) has one row for each of the quarter's three months
    rows = list(load_workbook(io.BytesIO(response.content))["So lieu"].iter_rows(values_only=True))
    assert [r[:2] for r in rows[1:]] == [("kv2", str(m)) for m in parse_period(quarter.slug)]
    assert len(rows) == 4


def test_template_form_shows_only_units_in_reporting_scope_and_names_the_field(client, org):
    client.force_login(org.unit_head.user)
    form_page = client.get(url("import_template"))
    assert [c.value for c, _label in form_page.context["form"].fields["unit"].choices] == [
        "kv1",
        "kv1-to1",
    ]
    # A sibling unit reads exactly like a unit that does not exist
    for code in ("kv2", "khong-co"):
        response = client.get(url("import_template"), {"unit": code, "period": "y-2026"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert response.context["form"].errors["unit"] == [
            "Đơn vị: không có đơn vị này trong phạm vi bạn được nhập số liệu."
        ]
    response = client.get(url("import_template"), {"unit": "kv1", "period": "m-1999-01"})
    assert response.context["form"].errors == {
        "period": ["Kỳ: “m-1999-01” không phải là kỳ được chọn."]
    }


# ---------------------------------------------------------------- links and queries


def test_import_pages_are_linked_from_the_nav_and_the_entry_page(client, org):
    client.force_login(org.unit_head.user)
    entry = client.get(url("figure_entry", code="kv1"))
    assert f'href="{url("import_new")}"' in entry.text
    assert f'href="{url("imports")}"' in entry.text  # the navigation bar


def seed_batches(org, months, count):
    """`count` finished imports by KV1's head, each of 2 units × 2 months × 2 items."""
    m1, m2 = months
    for number in range(count):
        run_import(
            org.unit_head,
            f"so-lieu-{number}.csv",
            csv_file(
                [
                    ["Mã đơn vị", "Tháng", "KNG", "KNG_CN"],
                    *[
                        [unit, str(m), 10 + number, 5]
                        for unit in ("kv1", "kv1-to1")
                        for m in (m1, m2)
                    ],
                ]
            ),
        )


def queries(client, path):
    client.get(path)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_batches(client, org, months):
    client.force_login(org.chief.user)
    seed_batches(org, months, 1)
    small = queries(client, url("imports"))
    seed_batches(org, months, 9)
    assert ImportBatch.objects.count() == 10
    assert queries(client, url("imports")) == small
    assert small <= 12


def test_batch_page_queries_do_not_grow_with_the_figures_it_touched(client, org, months):
    client.force_login(org.chief.user)
    seed_batches(org, months, 1)
    small = queries(client, url("import_batch", pk=ImportBatch.objects.get().pk))
    # A batch touching ten times the unit-months (5 units × 8 months)
    units = ["tinh-thu", "phong-1", "kv1", "kv1-to1", "kv2"]
    rows = [["Mã đơn vị", "Tháng", "KNG", "KNG_CN"]]
    rows += [[u, str(months[1].shift(-b)), 20, 10] for u in units for b in range(8)]
    big = run_import(org.chief, "lon.csv", csv_file(rows)).batch
    assert big.values_created + big.values_changed == 80
    assert queries(client, url("import_batch", pk=big.pk)) == small
    assert small <= 12
