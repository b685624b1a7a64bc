"""The learning loop in a real browser: the personnel department creates a seminar; the heads
of KV1, KV2 and Phòng 1 send contributions; the personnel head assesses them (two adopted, one
unsuitable with advice); compiles version 2 of the guidance (the adopted practices land in
their work areas' sections) and sends it for review; the Chief approves it, it comes into force
and version 1 is superseded; the comparison shows what changed and the search finds "quản lý"
typed without diacritics. Then the Chief, who chaired the seminar, records its conclusions,
drafts a thematic resolution from version 2 and the seminar with two action items (KV1, KV2),
adopts it after the confirmation page, and sees the two directives it created.

Each step saves a full-page screenshot in test-artifacts/screenshots/ (named after the step).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Org
from dieuhanh.directives.models import Directive, Task
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import Assessment, GoodPractice, GuidanceVersion, Resolution
from dieuhanh.org.access import authority_for
from dieuhanh.org.models import Person
from dieuhanh.org.tests.factories import PersonFactory, make_unit, post
from tests.browser.conftest import PageFactory, Screenshot
from tests.browser.test_org_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEMINAR = "Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành năm 2026"
CONTRIBUTIONS = [
    # username, title, kind, work area label, text
    (
        "unit-head",
        "Giao ban tiến độ án hằng tuần",
        "Cách làm, phương pháp",
        "Thực hành quyền công tố, kiểm sát điều tra, truy tố",
        "Viện trưởng giao ban 30 phút sáng thứ Hai, rà từng vụ sắp hết hạn điều tra.",
    ),
    (
        "peer",
        "Kiểm tra chéo hồ sơ giữa hai tổ",
        "Kinh nghiệm",
        "Thực hành quyền công tố, kiểm sát xét xử hình sự",
        "Hai tổ đọc chéo hồ sơ trước khi trình lãnh đạo, giảm trả hồ sơ điều tra bổ sung.",
    ),
    (
        "dept-head",
        "Giao mỗi kiểm sát viên một sổ tay riêng",
        "Cách làm, phương pháp",
        "Kiểm sát giải quyết các vụ việc dân sự, hôn nhân và gia đình",
        "Mỗi kiểm sát viên ghi sổ tay riêng các vụ việc được giao.",
    ),
]


def ddmmyyyy(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def setup_knowledge(org: Org) -> Person:
    """The personnel department, the province's guidance document and its version 1 in force."""
    personnel = make_unit("tccb", "Phòng Tổ chức cán bộ", "phong", org.province)
    head = PersonFactory(staff_code="tccb-head", full_name="Lý Thị Cán")
    post(head, personnel, "truong-phong", org.today - dt.timedelta(days=400))
    chief = authority_for(org.chief.user)
    document = services.create_document(
        authority=chief,
        title="Chuyên đề quản lý, chỉ đạo, điều hành",
        issuer=org.province,
        keeper=personnel,
        place="Thử",
    )
    keeper = authority_for(head.user)
    version = services.compile_version(
        document, authority=keeper, applies_to="Viện trưởng các Viện kiểm sát khu vực"
    )
    services.add_section(
        version, authority=keeper, topic="Những vấn đề chung", body="Thủ trưởng chịu trách nhiệm."
    )
    services.submit_for_review(version, authority=keeper, expected_version=1)
    services.approve_version(
        version,
        authority=chief,
        expected_version=2,
        effective_from=org.today,
        document_number="01/CĐ-VKS",
    )
    return head


@pytest.mark.browser
def test_seminar_contributions_assessment_and_guidance_in_force(
    transactional_db: None, org: Org, page_for: PageFactory, screenshot: Screenshot
) -> None:
    setup_knowledge(org)

    # The head of the personnel department creates the seminar
    page = page_for()
    assert log_in(page, "tccb-head").status == 302
    page.goto("/knowledge/")
    page.get_by_role("link", name="Tọa đàm mới").click()
    page.get_by_label("Tên tọa đàm").fill(SEMINAR)
    page.get_by_label("Ngày tổ chức").fill(ddmmyyyy(org.today))
    page.get_by_label("Chủ trì").select_option(label=f"{org.chief.full_name} (chief)")
    page.get_by_label("Đơn vị tham dự").select_option(
        label=["VKSND khu vực 1", "VKSND khu vực 2", "Phòng 1"]
    )
    page.get_by_label("Báo cáo đề dẫn").fill("Đánh giá công tác quản lý của thủ trưởng đơn vị.")
    screenshot(page, "knowledge-01-seminar-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEMINAR)
    expect(page.get_by_test_id("seminar-facts")).to_contain_text("Phòng Tổ chức cán bộ")
    screenshot(page, "knowledge-02-seminar")

    # Three heads send contributions to the seminar
    for username, title, kind, area, text in CONTRIBUTIONS:
        page = page_for()
        assert log_in(page, username).status == 302
        page.goto("/knowledge/")
        page.get_by_role("link", name=SEMINAR).click()
        page.get_by_role("link", name="Gửi ý kiến, tham luận").click()
        page.get_by_label("Loại ý kiến").select_option(label=kind)
        page.get_by_label("Tiêu đề").fill(title)
        page.get_by_label("Nội dung").fill(text)
        page.get_by_label(area).check()
        page.get_by_role("button", name="Gửi", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_test_id("profile")).to_contain_text("Căn cứ:")
    screenshot(page, "knowledge-03-contribution")

    # The personnel head sees the three and assesses them
    page = page_for()
    log_in(page, "tccb-head")
    page.goto("/knowledge/")
    page.get_by_role("link", name=SEMINAR).click()
    expect(page.get_by_test_id("contributions").locator("tbody tr")).to_have_count(3)
    screenshot(page, "knowledge-04-seminar-contributions")
    decisions = [
        ("Công nhận là cách làm hay", {"Lý do": "Giúp nắm chắc thời hạn"}),
        ("Công nhận là cách làm hay", {"Lý do": "Giảm trả hồ sơ"}),
        (
            "Chưa phù hợp, có hướng dẫn",
            {"Lý do": "Trùng sổ thụ lý", "Hướng dẫn cho đơn vị": "Dùng sổ thụ lý điện tử chung."},
        ),
    ]
    for (_, title, *_rest), (decision, fields) in zip(CONTRIBUTIONS, decisions, strict=True):
        page.goto("/knowledge/")
        page.get_by_role("link", name=SEMINAR).click()
        page.get_by_role("link", name=title).click()
        form = page.get_by_test_id("assessment-form")
        form.get_by_label(decision).check()
        for label, value in fields.items():
            form.get_by_label(label, exact=True).fill(value)
        form.get_by_role("button", name="Ghi kết luận").click()
        expect(page.get_by_test_id("assessment")).to_contain_text(decision)
    screenshot(page, "knowledge-05-assessed")
    assert sorted(Assessment.objects.values_list("decision", flat=True)) == [
        "adopt",
        "adopt",
        "unsuitable",
    ]
    assert GoodPractice.objects.count() == 2

    # Compile version 2 and send it for review
    page.goto("/knowledge/guidance/")
    page.get_by_text("Biên soạn phiên bản mới").click()
    page.get_by_label("Đối tượng áp dụng").fill(
        "Viện trưởng các Viện kiểm sát khu vực; Trưởng phòng nghiệp vụ"
    )
    page.get_by_role("button", name="Biên soạn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("phiên bản 2")
    expect(page.locator("#sections-title + article, article")).to_have_count(3)
    screenshot(page, "knowledge-06-draft-v2")
    page.get_by_role("button", name="Trình xem xét").click()
    expect(page.get_by_test_id("version-facts")).to_contain_text("Đang xem xét")

    # The Chief approves it; it is in force and version 1 superseded
    page = page_for()
    log_in(page, "chief")
    page.goto("/knowledge/guidance/")
    page.get_by_role("link", name="Phiên bản 2").click()
    page.get_by_label("Số, ký hiệu").fill("02/CĐ-VKS")
    page.get_by_label("Có hiệu lực từ ngày").fill(ddmmyyyy(org.today))
    screenshot(page, "knowledge-07-approve")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.get_by_test_id("version-facts")).to_contain_text("Đang có hiệu lực")
    assert list(GuidanceVersion.objects.order_by("number").values_list("status", flat=True)) == [
        "superseded",
        "in_force",
    ]

    # The comparison with version 1 and the search without diacritics
    page.get_by_role("link", name="So sánh với phiên bản 1").click()
    expect(page.get_by_test_id("compare-summary")).to_have_text("2 mục mới, 0 mục bỏ, 0 mục sửa.")
    screenshot(page, "knowledge-08-compare")
    page.goto("/knowledge/search/")
    page.get_by_label("Từ khóa (gõ có dấu hoặc không dấu)").fill("HO SO")
    page.get_by_role("button", name="Tìm", exact=True).click()
    results = page.get_by_test_id("search-results")
    expect(results.locator("mark").first).to_have_text("hồ")
    expect(page.get_by_test_id("search-total")).to_contain_text("kết quả")
    screenshot(page, "knowledge-09-search")

    # The Chief, who chaired the seminar, records its conclusions
    page.goto("/knowledge/")
    page.get_by_role("link", name=SEMINAR).click()
    page.get_by_role("textbox", name="Biên bản, kết luận").fill(
        "Thống nhất bồi dưỡng kỹ năng quản lý cho lãnh đạo khu vực; nâng chất lượng kiến nghị."
    )
    page.get_by_role("button", name="Ghi biên bản").click()
    expect(page.get_by_test_id("seminar-facts")).to_contain_text("Đã tổ chức")

    # He drafts a resolution from version 2 and the seminar, with two action items
    page.goto("/knowledge/resolutions/")
    page.get_by_role("link", name="Dự thảo nghị quyết").click()
    page.get_by_label("Tên nghị quyết").fill("Nghị quyết về bồi dưỡng cán bộ quản lý")
    page.get_by_label("Cơ quan ban hành").select_option(label="VKSND tỉnh Thử")
    expect(page.get_by_label("Căn cứ chuyên đề")).to_have_value(
        str(GuidanceVersion.objects.get(status="in_force").pk)
    )
    page.get_by_label("Kết luận của tọa đàm").select_option(
        label=f"{SEMINAR} ({ddmmyyyy(org.today)})"
    )
    page.get_by_label("Số, ký hiệu").fill("05/NQ-VKS")
    deadline = ddmmyyyy(org.today + dt.timedelta(days=60))
    items = [
        (
            "Bồi dưỡng kỹ năng quản lý cho lãnh đạo",
            "VKSND khu vực 1",
            "100% lãnh đạo được bồi dưỡng",
        ),
        ("Nâng chất lượng kiến nghị", "VKSND khu vực 2", "Tỷ lệ kiến nghị được chấp nhận trên 80%"),
    ]
    for number, (title, owner, result) in enumerate(items, start=1):
        item = page.get_by_test_id(f"action-{number}")
        item.get_by_label("Nội dung", exact=True).fill(title)
        item.get_by_label("Đơn vị chủ trì").select_option(label=owner)
        item.get_by_label("Thời hạn").fill(deadline)
        item.get_by_label("Kết quả cần đạt").fill(result)
    page.get_by_test_id("action-2").get_by_label("Chỉ tiêu hướng tới").select_option(
        label="Tỷ lệ kiến nghị được chấp nhận"
    )
    screenshot(page, "knowledge-10-resolution-form")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nghị quyết về bồi dưỡng cán bộ quản lý"
    )
    expect(page.get_by_test_id("action")).to_have_count(2)
    screenshot(page, "knowledge-11-resolution-draft")

    # He adopts it after the confirmation page; two directives are issued
    page.get_by_test_id("adopt-link").click()
    expect(page.get_by_test_id("to-issue").locator("tbody tr")).to_have_count(2)
    screenshot(page, "knowledge-12-resolution-confirm")
    page.get_by_role("button", name="Xác nhận thông qua").click()
    expect(page.get_by_test_id("resolution-facts")).to_contain_text("Đã thông qua")
    expect(page.get_by_test_id("progress")).to_have_count(2)
    screenshot(page, "knowledge-13-resolution-adopted")
    resolution = Resolution.objects.get()
    directives = list(Directive.objects.filter(resolution_action__resolution=resolution))
    assert sorted(d.title for d in directives) == sorted(title for title, *_ in items)
    assert sorted(Task.objects.values_list("unit__code", flat=True)) == ["kv1", "kv2"]
    assert resolution.seminar is not None
    assert resolution.conclusions.startswith("Thống nhất")

    # And opens the directive issued to KV1
    page.get_by_role("link", name=items[0][0]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(items[0][0])
    screenshot(page, "knowledge-14-directive-from-resolution")
