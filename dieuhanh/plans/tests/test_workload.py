"""Workload per staff member, peer groups by staff and caseload bands, rank within the group."""

from decimal import Decimal as D  # noqa: N817

from django.urls import reverse

from dieuhanh.core.periods import Month, month_period
from dieuhanh.org.access import authority_for
from dieuhanh.org.tests.factories import PersonFactory, post
from dieuhanh.plans import selectors, services
from dieuhanh.plans.models import ImportBatch, Indicator, StatItem


def seed(org):
    authority = authority_for(org.admin.user)
    batch = services.new_batch(ImportBatch.Source.SEED, authority=authority)
    rows = []
    for unit, new, done in [(org.kv1, 60, 57), (org.kv2, 30, 24), (org.department, 10, 10)]:
        rows.append(
            services.FigureInput(unit, StatItem.objects.get(code="TB_MOI"), Month(2026, 1), D(new))
        )
        rows.append(
            services.FigureInput(unit, StatItem.objects.get(code="TB_GQ"), Month(2026, 1), D(done))
        )
    services.save_figures(rows, batch=batch, authority=authority)


def test_workload_counts_staff_posted_during_the_period_and_caseload(org):
    # Given KV1 has its head, a prosecutor and a team member; a person who left in December 2025
    leaver = PersonFactory(full_name="Người Đã Chuyển")
    post(
        leaver,
        org.kv1,
        "chuyen-vien",
        org.today.replace(year=2020),
        end=org.today.replace(year=2025, month=12, day=31),
    )
    seed(org)
    loads = selectors.workloads([org.kv1, org.kv2, org.department], month_period(2026, 1))
    # Then KV1 counts 3 staff (the leaver is outside January) and 60 new reports (caseload items)
    assert (loads[org.kv1.pk].staff, loads[org.kv1.pk].caseload, loads[org.kv1.pk].per_staff) == (
        3,
        D(60),
        D("20.0"),
    )
    assert loads[org.kv2.pk].staff == 1
    # And the bands: 3 staff is "Dưới 12 cán bộ"; 60 a month is 720 a year, "Trung bình"
    assert loads[org.kv1.pk].group == "Dưới 12 cán bộ · Trung bình (600–1.500/năm)"
    assert loads[org.kv2.pk].group == "Dưới 12 cán bộ · Ít việc (dưới 600/năm)"


def test_rank_within_peer_group(org, client):
    seed(org)
    indicator = Indicator.objects.get(code="TL_GQ_TGTB")
    units = [org.kv1, org.kv2, org.department]
    table = selectors.attainment_table(
        units, [indicator], month_period(2026, 1), trends=False, projection=False
    )
    rows = [table.row(u, indicator) for u in units]
    ranks = selectors.rank_in_groups(rows, selectors.workloads(units, month_period(2026, 1)))
    # KV2 (80 %) and Phòng 1 (100 %) share the small-caseload group; KV1 is alone in its group
    assert ranks == {org.department.pk: (1, 2), org.kv2.pk: (2, 2), org.kv1.pk: (1, 1)}
    client.force_login(org.chief.user)
    response = client.get(
        reverse("plans:indicator_units", kwargs={"code": "TL_GQ_TGTB"}),
        {"period": "m-2026-01", "unit": "tinh-thu"},
    )
    assert [(position, row.unit.code) for position, row, _, _ in response.context["ranked"]] == [
        (1, "phong-1"),
        (2, "kv1"),
        (3, "kv2"),
    ]
