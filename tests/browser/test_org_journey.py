"""The organisation journey in a real browser: log in, browse the tree and a unit, edit it.

Each step saves a full-page screenshot in test-artifacts/screenshots/ (named after the step).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import Locator, Page, Response, expect

from conftest import Org
from dieuhanh.org.models import Unit
from tests.browser.conftest import PageFactory, Screenshot

# Transactional, because the live server reads the data from another thread. The flush after
# each such test also empties the reference data loaded by migrations (levels, positions, work
# areas), which the `org` fixture needs: serialized rollback restores it before each test (see
# `chromium_browser` in conftest.py for why that needs a helping hand while Playwright runs).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "mat-khau-thu-nghiem"
LOGIN_PATH = "/accounts/login/"
HOME_URL = re.compile(r"^http://[^/]+/$")
ALL_UNITS = ["tinh-thu", "phong-1", "kv1", "kv1-to1", "kv2"]
# Elements sticking out past the right edge of a viewport of the given width, for messages.
OVERFLOWING_ELEMENTS = """width => [...document.body.querySelectorAll("*")]
    .filter(element => element.getBoundingClientRect().right > width + 0.5)
    .map(element => `${element.tagName.toLowerCase()}.${element.className}: `
        + element.textContent.trim().slice(0, 60))"""


def log_in(page: Page, username: str, password: str = PASSWORD) -> Response:
    """Submit the real login form (not force_login), so the login page is exercised too.

    Returns the answer to the form's POST: 302 on success, 200 with errors, 429 when locked.
    """
    page.goto(LOGIN_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_response(
        lambda response: response.request.method == "POST" and LOGIN_PATH in response.url
    ) as posted:
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
    return posted.value


def main_nav(page: Page) -> Locator:
    """The collapsible part of the navbar, found by id: its label changes with the language."""
    return page.locator("#main-nav")


def tree_codes(page: Page) -> list[str]:
    return page.locator("[data-testid=tree-unit]").evaluate_all(
        "items => items.map(item => item.dataset.code)"
    )


def tree_row(page: Page, code: str) -> Locator:
    """The row of one unit in the tree, without its children's rows."""
    return page.locator(f"[data-testid=tree-unit][data-code='{code}'] > .unit-row")


@pytest.mark.browser
def test_chief_browses_tree_to_unit_and_switches_to_english(
    transactional_db: None, org: Org, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the Chief of the province, on a fresh browser
    page = page_for()

    # When he logs in through the login form
    response = log_in(page, "chief")

    # Then he lands on the home page, greeted by name
    assert response.status == 302
    expect(page).to_have_url(HOME_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Trần Văn Trưởng")
    expect(page.get_by_test_id("user-menu")).to_contain_text("Trần Văn Trưởng")
    screenshot(page, "01-chief-home")

    # When he opens "Tổ chức" from the navigation
    main_nav(page).get_by_role("link", name="Tổ chức", exact=True).click()

    # Then the tree shows the whole province, in tree order, with each unit's head
    expect(page).to_have_url(re.compile(r"/org/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cơ cấu tổ chức")
    expect(page.locator("[data-testid=tree-unit]")).to_have_count(5)
    assert tree_codes(page) == ALL_UNITS
    expect(tree_row(page, "tinh-thu")).to_contain_text("Trần Văn Trưởng")
    expect(tree_row(page, "phong-1")).to_contain_text("Phạm Văn Phòng")
    expect(tree_row(page, "kv1")).to_contain_text("Nguyễn Văn Khu")
    expect(tree_row(page, "kv1-to1")).to_contain_text("chưa có cấp trưởng")
    expect(tree_row(page, "kv2")).to_contain_text("Hoàng Văn Bên")
    screenshot(page, "02-chief-tree")

    # When he clicks KV1
    tree_row(page, "kv1").get_by_role("link", name="VKSND khu vực 1", exact=True).click()

    # Then the unit page shows its name, leaders, members and where it sits in the province
    expect(page).to_have_url(re.compile(r"/org/units/kv1/$"))
    expect(page.get_by_test_id("unit-name")).to_have_text("VKSND khu vực 1")
    expect(page.get_by_test_id("leaders")).to_contain_text("Nguyễn Văn Khu")
    expect(page.get_by_test_id("members")).to_contain_text("Đỗ Thị Kiểm")
    breadcrumb = page.locator("ol.breadcrumb > li")
    expect(breadcrumb).to_have_text(["Tổng quan", "Tổ chức", "VKS tỉnh", "KV1"])
    expect(breadcrumb.get_by_role("link", name="VKS tỉnh")).to_have_attribute(
        "href", "/org/units/tinh-thu/"
    )
    screenshot(page, "03-chief-unit-kv1")

    # When he switches the language to English with the selector
    page.locator("#language-select").select_option("en")

    # Then the same page renders again, now in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/org/units/kv1/$"))
    expect(page.locator("#language-select")).to_have_value("en")
    expect(main_nav(page).get_by_role("link", name="Organisation", exact=True)).to_be_visible()
    expect(page.get_by_test_id("unit-name")).to_have_text("VKSND khu vực 1")
    expect(page.get_by_test_id("members")).to_contain_text("Đỗ Thị Kiểm")
    screenshot(page, "04-chief-unit-kv1-english")


@pytest.mark.browser
def test_regional_head_sees_only_own_subtree_and_gets_404_for_sibling_unit(
    transactional_db: None, org: Org, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the head of KV1, logged in
    page = page_for()
    log_in(page, "unit-head")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Nguyễn Văn Khu")

    # When he opens the organisation tree
    main_nav(page).get_by_role("link", name="Tổ chức", exact=True).click()

    # Then he sees his unit and its team only, and no admin-only entry in the navigation
    expect(page).to_have_url(re.compile(r"/org/$"))
    expect(page.locator("[data-testid=tree-unit]")).to_have_count(2)
    assert tree_codes(page) == ["kv1", "kv1-to1"]
    expect(main_nav(page).get_by_role("link", name="Tổ chức", exact=True)).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Nhật ký")).to_have_count(0)
    expect(main_nav(page).get_by_role("link", name="Danh mục")).to_have_count(0)
    screenshot(page, "05-unit-head-tree")

    # When he opens the sibling unit KV2 by its address
    response = page.goto("/org/units/kv2/")

    # Then the server answers 404, without revealing anything about KV2
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("VKSND khu vực 2")
    expect(page.locator("body")).not_to_contain_text("Hoàng Văn Bên")
    screenshot(page, "06-unit-head-kv2-not-found")


@pytest.fixture
def forget_login_failures() -> Iterator[None]:
    """Clear axes' failure records after the lockout test, even if it fails midway.

    The flush after a transactional test empties them as well; this makes the intent explicit
    and keeps other tests safe should the database strategy change.
    """
    yield
    AccessAttempt.objects.all().delete()


@pytest.mark.browser
def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    transactional_db: None,
    org: Org,
    page_for: PageFactory,
    screenshot: Screenshot,
    forget_login_failures: None,
) -> None:
    # Given the head of KV2, who is not used by the other browser tests
    page = page_for()

    # When a wrong password is submitted four times
    for _attempt in range(4):
        response = log_in(page, "peer", "sai-mat-khau")
        # Then each time the login form comes back with an error, not locked yet
        assert response.status == 200
        expect(page.locator("form .alert-danger")).to_contain_text("mật khẩu chính xác")
        expect(page.get_by_test_id("locked-out")).to_have_count(0)
    screenshot(page, "07-login-wrong-password")

    # When the fifth wrong password is submitted
    response = log_in(page, "peer", "sai-mat-khau")

    # Then the account is locked at once
    assert response.status == 429
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    # When the right password is submitted next
    response = log_in(page, "peer")

    # Then the lockout page is shown again, and he is still not logged in
    assert response.status == 429
    expect(page.get_by_test_id("locked-out")).to_contain_text("Tài khoản tạm thời bị khóa")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    screenshot(page, "08-login-locked-out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))

    # And another account from the same address can still log in: the lock is per account
    other = page_for()
    log_in(other, "chief")
    expect(other).to_have_url(HOME_URL)
    expect(other.get_by_role("heading", level=1)).to_have_text("Xin chào, Trần Văn Trưởng")


@pytest.mark.browser
def test_chief_renames_unit_and_former_name_and_change_are_shown(
    transactional_db: None, org: Org, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the Chief, logged in, on KV1's page
    page = page_for()
    log_in(page, "chief")
    page.goto("/org/units/kv1/")
    expect(page.get_by_test_id("unit-name")).to_have_text("VKSND khu vực 1")
    expect(page.get_by_test_id("unit-history")).to_have_count(0)

    # When he clicks "Sửa", changes the name with a decision number and saves
    page.get_by_role("link", name="Sửa", exact=True).click()
    expect(page).to_have_url(re.compile(r"/org/units/kv1/edit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa đơn vị")
    expect(page.locator("input[name=name]")).to_have_value("VKSND khu vực 1")
    page.locator("input[name=name]").fill("VKSND khu vực Một")
    page.locator("input[name=rename_decision]").fill("15/QĐ-VKS")
    screenshot(page, "09-chief-edit-kv1-form")
    page.get_by_role("button", name="Lưu", exact=True).click()

    # Then he is back on the unit page with a success message and the new name
    expect(page).to_have_url(re.compile(r"/org/units/kv1/$"))
    expect(page.locator(".alert-success")).to_have_text("Đã lưu đơn vị.")
    expect(page.get_by_test_id("unit-name")).to_have_text("VKSND khu vực Một")

    # And "Quá trình hình thành" keeps the former name, valid until yesterday
    yesterday = (org.today - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    expect(page.get_by_role("heading", name="Quá trình hình thành")).to_be_visible()
    expect(page.get_by_test_id("unit-history").locator("li")).to_have_text(
        [f"Tên cũ “VKSND khu vực 1” (đến {yesterday}) — 15/QĐ-VKS"]
    )

    # And the history panel records the change under the Chief's name
    latest = page.get_by_test_id("history").locator("li").first
    expect(latest).to_contain_text("Trần Văn Trưởng")
    expect(latest).to_contain_text("sửa")
    expect(latest.locator("dt").first).to_have_text("Tên đơn vị")
    expect(latest).to_contain_text("VKSND khu vực 1 → VKSND khu vực Một")
    screenshot(page, "10-chief-kv1-renamed")

    # And the database holds the new name
    assert Unit.objects.get(code="kv1").name == "VKSND khu vực Một"


@pytest.mark.browser
def test_tree_on_phone_width_collapses_navigation_behind_toggler(
    transactional_db: None, org: Org, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the Chief on a phone-sized screen
    page = page_for(viewport={"width": 390, "height": 844})
    log_in(page, "chief")

    # When he opens the organisation tree
    page.goto("/org/")

    # Then the navigation is collapsed behind the toggler, and the tree is still shown
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(main_nav(page).get_by_role("link", name="Tổ chức", exact=True)).to_be_hidden()
    expect(page.locator("[data-testid=tree-unit]")).to_have_count(5)
    expect(tree_row(page, "kv1")).to_contain_text("Nguyễn Văn Khu")
    screenshot(page, "11-chief-tree-phone")

    # When he taps the toggler
    toggler.click()

    # Then the menu opens with the navigation links
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(main_nav(page).get_by_role("link", name="Tổ chức", exact=True)).to_be_visible()
    screenshot(page, "12-chief-tree-phone-menu-open")


@pytest.mark.browser
def test_tree_fits_phone_width_without_horizontal_scrolling(
    transactional_db: None, org: Org, page_for: PageFactory
) -> None:
    # Given the Chief on a phone-sized screen
    page = page_for(viewport={"width": 390, "height": 844})
    log_in(page, "chief")

    # When he opens the organisation tree
    page.goto("/org/")
    expect(page.locator("[data-testid=tree-unit]")).to_have_count(5)

    # Then nothing sticks out past the right edge of the screen
    overflowing = page.evaluate(OVERFLOWING_ELEMENTS, 390)
    assert overflowing == []
