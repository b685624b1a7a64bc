"""The cockpit in a real browser: the Chief and a regional head open it on a desktop (1280 px)
and on a phone (390 px), the charts are drawn from the vendored Chart.js, nothing sticks out of
the phone's screen except inside the tables that scroll sideways, and a heat-map cell opens the
figures behind it.

Each step saves a full-page screenshot in test-artifacts/screenshots/ (named after the step).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import Org
from dieuhanh.cockpit.tests.data import seed_results, seed_tasks
from dieuhanh.core.periods import Month
from tests.browser.conftest import PageFactory, Screenshot
from tests.browser.test_org_journey import log_in, main_nav

# Transactional, because the live server reads the data from another thread (see
# test_org_journey.py for why serialized rollback is needed as well).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
# Elements sticking out past the right edge of the screen, except those inside a container that
# scrolls sideways on purpose (.table-responsive); the container itself must fit.
OVERFLOWING_OUTSIDE_SCROLLERS = """width => [...document.body.querySelectorAll("*")]
    .filter(element => element.getBoundingClientRect().right > width + 0.5)
    .filter(element => !element.parentElement?.closest(".table-responsive"))
    .map(element => `${element.tagName.toLowerCase()}.${element.className}: `
        + element.textContent.trim().slice(0, 60))"""

# The page's own width: anything wider, even clipped out of sight, lets the page slide sideways.
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def data(org: Org) -> Month:
    """Figures for the last two ended months (KV1 with its team 50% of crime reports resolved,
    KV2 95%) and directives due before and after today; returns the latest ended month."""
    last = Month.of(org.today).shift(-1)
    seed_results(org, months=[last.shift(-1), last])
    seed_tasks(org)
    return last


def charts_drawn(page: Page) -> None:
    expect(page.locator("canvas[data-drawn=true]")).to_have_count(2)


@pytest.mark.browser
def test_chief_opens_the_cockpit_and_drills_down_from_the_heat_map(
    transactional_db: None, org: Org, data: Month, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the Chief, logged in on a desktop
    page = page_for()
    log_in(page, "chief")

    # When he opens the cockpit from the home page
    page.get_by_test_id("open-cockpit").click()

    # Then the province's cockpit shows the province and its three sub-units in the heat map
    expect(page).to_have_url(re.compile(r"/cockpit/$"))
    expect(page.get_by_test_id("cockpit-title")).to_have_text("Bảng điều hành — VKSND tỉnh Thử")
    rows = page.locator("[data-testid=heat-map] tbody tr")
    expect(rows).to_have_count(4)
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.unit)") == [
        "tinh-thu",
        "phong-1",
        "kv1",
        "kv2",
    ]
    cell = page.locator("tr[data-unit=kv1] td[data-indicator=TL_GQ_TGTB]")
    expect(cell).to_contain_text("50,00%")
    expect(cell).to_contain_text("Không đạt")
    expect(cell).to_have_class(re.compile(r"\bheat-missed\b"))
    # And both charts are drawn, each next to its table
    charts_drawn(page)
    expect(page.get_by_test_id("ranking").locator("tbody tr").first).to_contain_text("KV2")
    expect(page.get_by_test_id("summary-overdue")).to_have_text("1")
    screenshot(page, "cockpit-01-chief-desktop")

    # When he clicks KV1's cell for crime reports resolved
    cell.get_by_role("link").click()

    # Then the drill-down shows the figures behind KV1's result, for the same period
    expect(page).to_have_url(re.compile(r"/plans/units/kv1/drill/TL_GQ_TGTB/\?period=ytd-"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố — VKSND khu vực 1"
    )
    screenshot(page, "cockpit-02-chief-drill-down")


@pytest.mark.browser
def test_chief_cockpit_fits_a_phone(
    transactional_db: None, org: Org, data: Month, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the Chief on a phone
    page = page_for(viewport=PHONE)
    log_in(page, "chief")

    # When he opens the cockpit from the collapsed navigation menu
    page.locator(".navbar-toggler").click()
    main_nav(page).get_by_role("link", name="Bảng điều hành", exact=True).click()

    # Then the cards stack, the charts are drawn and nothing sticks out of the screen
    expect(page.get_by_test_id("cockpit-title")).to_be_visible()
    charts_drawn(page)
    summary = page.get_by_test_id("cockpit-summary").locator(".card")
    first, third = summary.nth(0).bounding_box(), summary.nth(2).bounding_box()
    assert first is not None
    assert third is not None
    assert third["y"] > first["y"]  # two cards a row on a phone
    assert page.evaluate(OVERFLOWING_OUTSIDE_SCROLLERS, PHONE["width"]) == []
    assert page.evaluate(PAGE_WIDTH) == PHONE["width"]
    screenshot(page, "cockpit-03-chief-phone")

    # And the heat map scrolls sideways inside its own box
    scroller = page.get_by_test_id("heat-map").locator("xpath=..")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")


@pytest.mark.browser
def test_regional_head_sees_the_unit_against_its_peers_on_desktop_and_phone(
    transactional_db: None, org: Org, data: Month, page_for: PageFactory, screenshot: Screenshot
) -> None:
    # Given the head of KV1, logged in on a desktop
    page = page_for()
    log_in(page, "unit-head")

    # When he opens the cockpit from the navigation bar
    main_nav(page).get_by_role("link", name="Bảng điều hành", exact=True).click()

    # Then it opens on KV1, with KV1 and its team only
    expect(page.get_by_test_id("cockpit-title")).to_have_text("Bảng điều hành — VKSND khu vực 1")
    rows = page.locator("[data-testid=heat-map] tbody tr")
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.unit)") == ["kv1", "kv1-to1"]
    # And KV1 against its peer group: second of two, without naming the other unit
    peers = page.get_by_test_id("peers")
    expect(peers.locator("tr[data-indicator=TL_GQ_TGTB] [data-testid=peer-rank]")).to_have_text(
        "2/2"
    )
    expect(page.locator("main")).not_to_contain_text("VKSND khu vực 2")
    charts_drawn(page)
    screenshot(page, "cockpit-04-regional-head-desktop")

    # When he asks for the sibling unit's cockpit by its address
    response = page.goto("/cockpit/?unit=kv2")

    # Then it is not found
    assert response is not None
    assert response.status == 404

    # When he opens his cockpit on a phone
    phone = page_for(viewport=PHONE)
    log_in(phone, "unit-head")
    phone.goto("/cockpit/")

    # Then everything fits the screen but the tables that scroll sideways
    expect(phone.get_by_test_id("peers")).to_be_visible()
    charts_drawn(phone)
    assert phone.evaluate(OVERFLOWING_OUTSIDE_SCROLLERS, PHONE["width"]) == []
    assert phone.evaluate(PAGE_WIDTH) == PHONE["width"]
    screenshot(phone, "cockpit-05-regional-head-phone")
