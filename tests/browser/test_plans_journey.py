"""The figures journey in a real browser: a unit head imports a file of figures, follows the
import to the unit's results, sees the indicator move, and drills down to the monthly figures
that name the import as their source; a file with one bad cell changes nothing.

Uploads are imported by a background job. The test settings (`config.settings_test`) use
Django's immediate task backend, and the live server runs in a thread of this same process with
the same settings, so the job runs inside the upload request, right after its commit: the
batch page the browser lands on is already finished. The first test asserts that this holds.

Each step saves a full-page screenshot in test-artifacts/screenshots/ (named after the step).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend
from playwright.sync_api import Locator, Page, expect
from pytest_django.fixtures import Settings

from conftest import Org
from dieuhanh.core.periods import Month, month_period
from dieuhanh.org.access import authority_for
from dieuhanh.plans import services
from dieuhanh.plans.models import Figure, ImportBatch, StatItem
from dieuhanh.plans.tests.factories import csv_file
from tests.browser.conftest import PageFactory, Screenshot
from tests.browser.test_org_journey import log_in, main_nav

# Transactional, because the live server reads the data from another thread (see
# test_org_journey.py for why serialized rollback is needed as well).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADER = ["Mã đơn vị", "Tháng", "KNG", "KNG_CN"]


@pytest.fixture
def last_month(org: Org, settings: Settings, tmp_path: Path) -> Month:
    """Uploaded files go to a temporary media folder; KV1 has reported last month already:
    10 recommendations issued, 6 accepted (60%, under the 80% target)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    month = Month.of(org.today).shift(-1)
    authority = authority_for(org.unit_head.user)
    batch = services.new_batch(ImportBatch.Source.FORM, authority=authority)
    services.save_figures(
        [
            services.FigureInput(org.kv1, StatItem.objects.get(code=code), month, Decimal(value))
            for code, value in (("KNG", 10), ("KNG_CN", 6))
        ],
        batch=batch,
        authority=authority,
    )
    return month


def results_url(month: Month) -> str:
    return f"/plans/units/kv1/?period={month_period(month.year, month.month).slug}"


def recommendations_row(page: Page) -> Locator:
    return page.locator("[data-testid=unit-results] tr[data-indicator=TL_KNG]")


def upload(page: Page, path: Path) -> None:
    """Open the upload form from the navigation and send the file."""
    main_nav(page).get_by_role("link", name="Nhập số liệu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập số liệu từ tệp")
    page.get_by_role("link", name="Tải tệp lên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tải tệp số liệu lên")
    page.get_by_label("Tệp số liệu (.xlsx hoặc .csv)").set_input_files(path)


def accepted_in_kv1(month: Month) -> Decimal:
    return Figure.objects.get(unit__code="kv1", item__code="KNG_CN", month=month.key).value


@pytest.mark.browser
def test_head_imports_figures_and_follows_them_to_results_and_drill_down(
    transactional_db: None,
    org: Org,
    last_month: Month,
    page_for: PageFactory,
    screenshot: Screenshot,
    tmp_path: Path,
) -> None:
    # The job runs inside the upload request, in the live server's thread (see the docstring)
    assert isinstance(task_backends["default"], ImmediateBackend)
    label = f"Tháng {last_month.month}/{last_month.year}"
    # Given KV1's head, logged in, and KV1's recommendations accepted at 60% last month
    page = page_for()
    log_in(page, "unit-head")
    page.goto(results_url(last_month))
    expect(recommendations_row(page).locator("td").first).to_contain_text("60,00%")
    screenshot(page, "plans-01-results-before-import")

    # When he uploads a CSV file that corrects the accepted recommendations from 6 to 9
    path = tmp_path / "so-lieu-kv1.csv"
    path.write_bytes(csv_file([HEADER, ["kv1", str(last_month), 10, 9]]))
    upload(page, path)
    screenshot(page, "plans-02-upload-form")
    page.get_by_role("button", name="Tải lên và nhập").click()

    # Then the batch page shows the import done: one value changed, one unchanged
    expect(page).to_have_url(re.compile(r"/plans/imports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("so-lieu-kv1.csv")
    expect(page.get_by_test_id("batch-status")).to_have_text("Đã nhập")
    expect(page.get_by_test_id("count-created")).to_have_text("0")
    expect(page.get_by_test_id("count-changed")).to_have_text("1")
    expect(page.get_by_test_id("count-unchanged")).to_have_text("1")
    expect(page.get_by_test_id("batch-uploader")).to_contain_text("Nguyễn Văn Khu")
    batch = ImportBatch.objects.get(file_name="so-lieu-kv1.csv")
    assert batch.status == ImportBatch.Status.DONE
    assert accepted_in_kv1(last_month) == Decimal(9)
    screenshot(page, "plans-03-batch-done")

    # When he follows the link to KV1's results for the imported month
    page.get_by_role("link", name=f"VKSND khu vực 1 — {label}").click()

    # Then the recommendations indicator has moved from 60% to 90% (9 of 10)
    expect(page).to_have_url(re.compile(re.escape(results_url(last_month)) + "$"))
    row = recommendations_row(page)
    expect(row.locator("td").first).to_contain_text("90,00%")
    expect(row.locator("td").nth(1)).to_have_text("9 / 10")
    screenshot(page, "plans-04-results-after-import")

    # When he drills down from that number
    row.get_by_test_id("drill-link").click()

    # Then the monthly figure shows 9, its change from 6, and the import as its source
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tỷ lệ kiến nghị được chấp nhận — VKSND khu vực 1"
    )
    accepted = page.get_by_test_id("drill-KNG_CN").locator("tbody tr")
    expect(accepted).to_have_count(1)
    cells = accepted.first.locator("td")
    expect(cells.nth(0)).to_have_text(f"{last_month.month:02d}/{last_month.year}")
    expect(cells.nth(2)).to_have_text("9")
    expect(cells.nth(3)).to_contain_text("Tệp bảng tính “so-lieu-kv1.csv” — unit-head")
    expect(cells.nth(4)).to_contain_text("6 → 9")
    # The issued count did not change, so it still names the earlier on-screen entry
    issued = page.get_by_test_id("drill-KNG").locator("tbody tr td").nth(3)
    expect(issued).to_contain_text("Nhập trên màn hình")
    screenshot(page, "plans-05-drill-down-source")

    # When he opens the imports from the navigation
    main_nav(page).get_by_role("link", name="Nhập số liệu", exact=True).click()

    # Then his import is listed first, done, with its counts and a link to its page
    first = page.get_by_test_id("import-list").locator("tbody tr").first
    expect(first.locator("td")).to_have_text(
        [
            re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d"),
            "so-lieu-kv1.csv · Tệp bảng tính",
            "Nguyễn Văn Khu",
            "Đã nhập",
            "0",
            "1",
            "1",
        ]
    )
    expect(first.get_by_role("link", name="so-lieu-kv1.csv")).to_have_attribute(
        "href", f"/plans/imports/{batch.pk}/"
    )
    screenshot(page, "plans-06-import-list")


@pytest.mark.browser
def test_file_with_one_bad_cell_shows_that_cell_and_changes_nothing(
    transactional_db: None,
    org: Org,
    last_month: Month,
    page_for: PageFactory,
    screenshot: Screenshot,
    tmp_path: Path,
) -> None:
    # Given KV1's head, logged in, and a file of 20 rows (2 years of months) with one bad cell
    page = page_for()
    log_in(page, "unit-head")
    rows: list[list[object]] = [HEADER]
    rows += [["kv1", str(last_month.shift(-back)), 10, 8] for back in range(20)]
    rows[7][3] = "8,5"  # row 8 of the file, column D: not a whole number
    path = tmp_path / "so-lieu-sai.csv"
    path.write_bytes(csv_file(rows))
    figures_before = list(Figure.objects.values_list("unit_id", "item_id", "month", "value"))

    # When he uploads it
    upload(page, path)
    page.get_by_role("button", name="Tải lên và nhập").click()

    # Then the batch is refused and the error table names exactly that cell
    expect(page.get_by_test_id("batch-status")).to_have_text("Bị từ chối (có lỗi)")
    errors = page.get_by_test_id("batch-errors").locator("tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("td")).to_have_text(
        ["so-lieu-sai.csv", "8", "D", "KNG_CN", "Số liệu phải là số nguyên: “8,5”"]
    )
    refusal = page.get_by_role("alert").filter(has_text="Tệp có lỗi nên chưa ghi số liệu nào.")
    expect(refusal).to_be_visible()
    screenshot(page, "plans-07-batch-rejected")

    # And nothing changed: the figures are as before and the results still show 60%
    assert list(Figure.objects.values_list("unit_id", "item_id", "month", "value")) == (
        figures_before
    )
    assert accepted_in_kv1(last_month) == Decimal(6)
    page.goto(results_url(last_month))
    expect(recommendations_row(page).locator("td").first).to_contain_text("60,00%")
    screenshot(page, "plans-08-results-unchanged")
