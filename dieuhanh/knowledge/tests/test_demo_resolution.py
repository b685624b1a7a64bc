"""The demo resolution: drafted from the guidance in force and the demo seminar, adopted into
three directives, in progress; loaded once, and not at all without a guidance in force."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.directives.models import Directive, ProgressUpdate, Task
from dieuhanh.knowledge import selectors
from dieuhanh.knowledge.demo.resolution import NUMBER, TITLE, build_demo_resolution
from dieuhanh.knowledge.demo.seminar import build_demo_knowledge
from dieuhanh.knowledge.models import GuidanceVersion, Resolution
from dieuhanh.org.access import authority_for
from dieuhanh.org.demo import build_demo
from dieuhanh.plans.demo import build_demo_figures

TODAY = dt.date(2026, 11, 28)  # a Saturday


@pytest.fixture
def province(db):
    build_demo(today=TODAY)
    build_demo_figures(today=TODAY)


def rows():
    return (
        Resolution.objects.count(),
        Directive.objects.count(),
        Task.objects.count(),
        ProgressUpdate.objects.count(),
        AuditEntry.objects.count(),
    )


def test_demo_resolution_is_adopted_into_three_directives_in_progress(province, client):
    # Given the demo seminar and the guidance in two versions, version 2 in force
    build_demo_knowledge(today=TODAY)
    version = GuidanceVersion.objects.get(status="in_force")
    # When the demo resolution is built
    result = build_demo_resolution(today=TODAY)
    # Then it was drafted from version 2 and the demo seminar, and adopted 12 days earlier
    resolution = Resolution.objects.get()
    assert result.summary() == (
        "Đã nạp nghị quyết chuyên đề demo: 3 nội dung đã thành chỉ đạo, đang thực hiện."
    )
    assert (resolution.title, resolution.document_number, resolution.status) == (
        TITLE,
        NUMBER,
        "adopted",
    )
    assert (resolution.guidance, resolution.seminar.status) == (version, "closed")
    assert resolution.conclusions == resolution.seminar.minutes
    chief = get_user_model().objects.get(username="vientruong")
    assert resolution.adopted_by.user == chief
    page = selectors.resolution_page(resolution, authority_for(chief, TODAY), on=TODAY)
    assert page.adopted_on == dt.date(2026, 11, 16)
    # One directive per item, to the personnel department, KV1 and KV2, deadlines after it
    assert [
        (row.action.owner.code, row.task.unit.code, row.action.deadline, row.progress.percent)
        for row in page.actions
    ] == [
        ("demo-tccb", "demo-tccb", dt.date(2027, 1, 30), 60),
        ("demo-kv1", "demo-kv1", dt.date(2026, 12, 31), 40),
        ("demo-kv2", "demo-kv2", dt.date(2027, 1, 15), 0),
    ]
    assert [d.source_label for d in Directive.objects.order_by("id")] == [
        "Số 06/NQ-VKS ngày 16/11/2026"
    ] * 3
    assert (page.counts.open_within, page.counts.total) == (3, 3)
    # Adopted this month: the indicators show the baseline of August to October 2026
    assert (page.before.first, page.before.last, page.after) == (
        Month(2026, 8),
        Month(2026, 10),
        None,
    )
    codes = [[c.indicator.code for c in row.indicators] for row in page.actions]
    assert codes == [[], ["TL_GQ_TGTB", "TL_QH_TGTB"], ["TL_KNG"]]
    assert all(
        c.before is not None and c.before.value is not None for c in page.actions[1].indicators
    )
    # And the page opens for KV1's head, who sees his unit's directive
    client.force_login(get_user_model().objects.get(username="vtkv1"))
    assert client.get(reverse("knowledge:resolution", args=[resolution.pk])).status_code == 200


def test_demo_resolution_is_loaded_once(province):
    build_demo_knowledge(today=TODAY)
    build_demo_resolution(today=TODAY)
    before = rows()
    again = build_demo_resolution(today=TODAY)
    assert again.summary() == "Nghị quyết chuyên đề demo đã có; bỏ qua."
    assert rows() == before


def test_without_a_guidance_in_force_nothing_is_created(province):
    before = rows()
    result = build_demo_resolution(today=TODAY)
    assert result.summary() == "Chưa có chuyên đề có hiệu lực; bỏ qua nghị quyết demo."
    assert rows() == before
