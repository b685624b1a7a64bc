"""Load the sample catalogue of items, indicators, versions, sector targets and peer bands."""

from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from dieuhanh.plans.catalog import INDICATORS, ITEMS, PEER_BANDS, TARGET_YEARS

    WorkArea = apps.get_model("org", "WorkArea")
    StatItem = apps.get_model("plans", "StatItem")
    Indicator = apps.get_model("plans", "Indicator")
    IndicatorVersion = apps.get_model("plans", "IndicatorVersion")
    Target = apps.get_model("plans", "Target")
    PeerBand = apps.get_model("plans", "PeerBand")
    areas = {area.code: area for area in WorkArea.objects.all()}
    for code, name, area, measure, kind, caseload, rank in ITEMS:
        StatItem.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "work_area": areas.get(area) if area else None,
                "measure": measure,
                "kind": kind,
                "caseload": caseload,
                "rank": rank,
                "sample": True,
                "basis": "Danh mục mẫu theo DOMAIN §4",
            },
        )
    for rank, row in enumerate(INDICATORS, start=1):
        code, name, area, kind, direction, zero, confidence, basis, target, versions = row
        indicator, created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "work_area": areas.get(area) if area else None,
                "kind": kind,
                "direction": direction,
                "zero_tolerance": zero,
                "confidence": confidence,
                "basis": basis,
                "rank": rank * 10,
                "sample": True,
            },
        )
        if not created:
            continue
        for start, numerator, denominator, legal_basis in versions:
            IndicatorVersion.objects.create(
                indicator=indicator,
                effective_from=start,
                numerator=numerator,
                denominator=denominator,
                legal_basis=legal_basis,
            )
        for year in TARGET_YEARS:
            Target.objects.create(
                indicator=indicator,
                year=year,
                unit=None,
                value=Decimal(target),
                decision="Mức chung của ngành (mẫu)",
            )
    if not PeerBand.objects.exists():
        for dimension, label, lower, upper in PEER_BANDS:
            PeerBand.objects.create(dimension=dimension, label=label, lower=lower, upper=upper)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("org", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
