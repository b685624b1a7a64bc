"""The directive journey in a real browser: the Chief issues a directive to three units through
the issue form (the live "5 rõ" check names what is missing, then passes); KV1's head gives it
to a prosecutor as a sub-task; the prosecutor reports completion; the head accepts and reports
KV1's task complete; the Chief accepts it and sees KV1 done on the directive's page.

Each step saves a full-page screenshot in test-artifacts/screenshots/ (named after the step).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import Org
from dieuhanh.directives.models import CompletionReport, Directive, Task, TaskStatus
from tests.browser.conftest import PageFactory, Screenshot
from tests.browser.test_org_journey import log_in, main_nav

# Transactional, because the live server reads the data from another thread (see
# test_org_journey.py for why serialized rollback is needed as well).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Rà soát các vụ án tạm đình chỉ điều tra"
SUBTASK = "Rà soát 12 vụ án tạm đình chỉ của Tổ hình sự"


def ddmmyyyy(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def five_clear(page: Page) -> Locator:
    return page.get_by_test_id("five-clear")


def unit_row(page: Page, code: str) -> Locator:
    return page.get_by_test_id("unit-status").locator(f"tr[data-unit='{code}']")


def card(page: Page, heading: str) -> Locator:
    """The action form on a task page whose heading is `heading`."""
    return page.locator("form.card").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def open_my_task(page: Page, title: str) -> None:
    """From the navigation to "Việc của tôi", then the task with this title."""
    main_nav(page).get_by_role("link", name="Chỉ đạo, nhiệm vụ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    page.get_by_test_id("my-tasks").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.browser
def test_chief_issues_head_assigns_prosecutor_reports_and_the_chief_sees_kv1_done(
    transactional_db: None, org: Org, page_for: PageFactory, screenshot: Screenshot
) -> None:
    deadline = org.today + dt.timedelta(days=30)
    # Given the Chief, logged in, on the issue form reached from the directive list
    chief = page_for()
    log_in(chief, "chief")
    main_nav(chief).get_by_role("link", name="Chỉ đạo, nhiệm vụ", exact=True).click()
    chief.get_by_role("link", name="Các chỉ đạo", exact=True).click()
    chief.get_by_role("link", name="Ban hành chỉ đạo", exact=True).click()
    expect(chief.get_by_role("heading", level=1)).to_have_text("Ban hành chỉ đạo")
    # The "5 rõ" check starts with all five points missing
    missing = five_clear(chief).locator("[data-point]")
    expect(missing).to_have_count(5)

    # When he fills in the source and the work, but no unit, deadline or result yet
    chief.get_by_label("Đơn vị ban hành").select_option(label="VKSND tỉnh Thử")
    chief.get_by_label("Số văn bản").fill("25")
    chief.get_by_label("Ký hiệu").fill("KH-VKS")
    chief.get_by_label("Ngày văn bản, ngày họp").fill(ddmmyyyy(org.today))
    chief.get_by_label("Tên nhiệm vụ").fill(TITLE)
    chief.get_by_label("Nội dung công việc").fill(
        "Rà soát toàn bộ vụ án tạm đình chỉ điều tra, đề xuất hướng giải quyết từng vụ."
    )
    chief.get_by_label("Nội dung công việc").press("Tab")

    # Then the live check names exactly the three points still missing (nothing is saved)
    expect(missing).to_have_count(3)
    expect(missing).to_have_text(
        [
            "Chưa rõ người: chưa có đơn vị chủ trì",
            "Chưa rõ thời gian: chưa có thời hạn hoàn thành",
            "Chưa rõ kết quả: chưa nêu kết quả, sản phẩm phải đạt",
        ]
    )
    assert Directive.objects.count() == 0
    screenshot(chief, "directives-01-issue-form-missing-points")

    # When he picks KV1 and KV2 to lead, Phòng 1 to support, a deadline and the result
    chief.get_by_label("Đơn vị chủ trì").select_option(label=["VKSND khu vực 1", "VKSND khu vực 2"])
    chief.get_by_label("Đơn vị phối hợp").select_option(label=["Phòng 1"])
    chief.get_by_label("Thời hạn", exact=True).fill(ddmmyyyy(deadline))
    chief.get_by_label("Kết quả, sản phẩm phải đạt").fill(
        "Báo cáo kết quả rà soát kèm danh sách vụ án và đề xuất."
    )
    chief.get_by_label("Kết quả, sản phẩm phải đạt").press("Tab")

    # Then the check passes
    expect(missing).to_have_count(0)
    expect(five_clear(chief)).to_contain_text("Đủ “5 rõ”")
    screenshot(chief, "directives-02-issue-form-five-clear")

    # When he issues it
    chief.get_by_role("button", name="Ban hành", exact=True).click()

    # Then the directive's page lists the three units, all open within the deadline
    expect(chief.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(chief.get_by_role("alert").filter(has_text="Đã ban hành chỉ đạo.")).to_be_visible()
    directive = Directive.objects.get()
    assert directive.status == Directive.Status.ISSUED
    rows = chief.get_by_test_id("unit-status").locator("tbody tr")
    expect(rows).to_have_count(3)
    for code in ("kv1", "kv2", "phong-1"):
        expect(unit_row(chief, code).locator("td").nth(2)).to_have_text("Đang thực hiện")
        expect(unit_row(chief, code).locator("[data-group]")).to_have_text(
            "Chưa hoàn thành, trong hạn"
        )
    expect(unit_row(chief, "kv1").locator("td").nth(1)).to_have_text("Chủ trì")
    expect(unit_row(chief, "phong-1").locator("td").nth(1)).to_have_text("Phối hợp")
    expect(unit_row(chief, "kv1")).to_contain_text("0%")
    screenshot(chief, "directives-03-directive-issued")

    # When KV1's head opens KV1's task from his tasks and gives it to a prosecutor
    head = page_for()
    log_in(head, "unit-head")
    open_my_task(head, TITLE)
    assign = card(head, "Giao việc cho cán bộ")
    assign.get_by_label("Giao cho").select_option(label="Đỗ Thị Kiểm")
    assign.get_by_label("Việc cần làm").fill(SUBTASK)
    assign.get_by_label("Thời hạn").fill(ddmmyyyy(org.today + dt.timedelta(days=20)))
    assign.get_by_label("Yêu cầu cụ thể").fill("Báo cáo trước khi gửi tỉnh.")
    assign.get_by_role("button", name="Giao việc").click()

    # Then the sub-task is listed on KV1's task, open
    expect(
        head.get_by_role("alert").filter(has_text="Đã giao việc cho Đỗ Thị Kiểm.")
    ).to_be_visible()
    subtasks = head.get_by_test_id("subtasks").locator("tr")
    expect(subtasks).to_have_count(1)
    expect(subtasks.first.locator("td")).to_have_text(
        [
            SUBTASK,
            "Đỗ Thị Kiểm",
            ddmmyyyy(org.today + dt.timedelta(days=20)),
            "Đang thực hiện",
            "0%",
        ]
    )
    screenshot(head, "directives-04-head-assigns-prosecutor")

    # When the prosecutor opens it from her tasks and reports it complete
    prosecutor = page_for()
    log_in(prosecutor, "prosecutor")
    open_my_task(prosecutor, SUBTASK)
    report = card(prosecutor, "Báo cáo hoàn thành")
    report.get_by_label("Kết quả thực hiện").fill(
        "Đã rà soát 12 vụ; đề xuất phục hồi điều tra 2 vụ."
    )
    report.get_by_role("button", name="Báo cáo hoàn thành").click()

    # Then her sub-task waits for acceptance
    expect(prosecutor.get_by_test_id("task-status")).to_contain_text(
        "Đã báo cáo hoàn thành, chờ nghiệm thu"
    )
    expect(prosecutor.get_by_test_id("reports")).to_contain_text("Chờ nghiệm thu")
    screenshot(prosecutor, "directives-05-prosecutor-reports-completion")

    # When the head opens the sub-task from KV1's task and accepts it
    head.reload()
    head.get_by_test_id("subtasks").get_by_role("link", name=SUBTASK).click()
    decide = card(head, "Nghiệm thu báo cáo hoàn thành")
    decide.get_by_label("Nghiệm thu, công nhận hoàn thành").check()
    decide.get_by_role("button", name="Ghi quyết định").click()

    # Then the sub-task is done, and KV1's task shows 100% rolled up from it
    expect(head.get_by_test_id("task-status")).to_contain_text("Đã hoàn thành")
    expect(head.get_by_test_id("task-status").locator("[data-group]")).to_have_text(
        "Hoàn thành đúng hạn"
    )
    screenshot(head, "directives-06-head-accepts-subtask")
    head.locator("ol.breadcrumb").get_by_role("link", name="KV1").click()
    expect(head.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(head.get_by_test_id("task")).to_contain_text("100%")
    expect(head.get_by_test_id("task")).to_contain_text("Trung bình của 1 việc giao cho cán bộ")

    # When the head reports KV1's task complete to the province
    report = card(head, "Báo cáo hoàn thành")
    report.get_by_label("Kết quả thực hiện").fill("Báo cáo số 21/BC-VKS kèm danh sách vụ án.")
    report.get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(head.get_by_test_id("task-status")).to_contain_text(
        "Đã báo cáo hoàn thành, chờ nghiệm thu"
    )
    screenshot(head, "directives-07-head-reports-kv1-complete")

    # Then the Chief's directive page has changed: KV1 at 100%, waiting for his acceptance
    chief.reload()
    kv1 = unit_row(chief, "kv1")
    expect(kv1.locator("td").nth(2)).to_contain_text("Đã báo cáo hoàn thành, chờ nghiệm thu")
    expect(kv1.locator("td").nth(2)).to_contain_text("Nguyễn Văn Khu báo cáo hoàn thành")
    expect(kv1).to_contain_text("100%")
    screenshot(chief, "directives-08-chief-sees-kv1-reported")

    # When he opens KV1's task from the directive's page and accepts it
    kv1.get_by_role("link", name="KV1").click()
    decide = card(chief, "Nghiệm thu báo cáo hoàn thành")
    decide.get_by_label("Nghiệm thu, công nhận hoàn thành").check()
    decide.get_by_role("button", name="Ghi quyết định").click()
    expect(chief.get_by_test_id("task-status")).to_contain_text("Đã hoàn thành")
    chief.locator("ol.breadcrumb").get_by_role("link", name=TITLE).click()

    # Then the directive's page shows KV1 done on time, the two other units still open
    kv1 = unit_row(chief, "kv1")
    expect(kv1.locator("td").nth(2)).to_have_text("Đã hoàn thành")
    expect(kv1.locator("[data-group]")).to_have_text("Hoàn thành đúng hạn")
    for code in ("kv2", "phong-1"):
        expect(unit_row(chief, code).locator("[data-group]")).to_have_text(
            "Chưa hoàn thành, trong hạn"
        )
    counts = chief.locator("p", has=chief.locator("[data-group='done_on_time']")).first
    expect(counts).to_have_text(
        re.compile(
            r"Hoàn thành đúng hạn\s+1\s+Hoàn thành quá hạn\s+0\s+"
            r"Chưa hoàn thành, trong hạn\s+2\s+Chưa hoàn thành, quá hạn\s+0"
        )
    )
    screenshot(chief, "directives-09-chief-sees-kv1-done")

    # And the database agrees: KV1 and its sub-task done today, each accepted by the assigner
    tasks = {
        (task.unit.code, task.parent_id is not None): task
        for task in Task.objects.select_related("unit", "accepted_by")
    }
    assert tasks[("kv1", False)].status == TaskStatus.DONE
    assert tasks[("kv1", False)].completed_on == org.today
    assert tasks[("kv1", False)].accepted_by == org.chief
    assert tasks[("kv1", True)].accepted_by == org.unit_head
    assert tasks[("kv1", True)].assignee == org.prosecutor
    assert [tasks[(code, False)].status for code in ("kv2", "phong-1")] == [TaskStatus.OPEN] * 2
    assert CompletionReport.objects.filter(decision="accepted").count() == 2
