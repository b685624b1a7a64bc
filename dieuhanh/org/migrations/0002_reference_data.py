"""Load the default reference data (levels, positions, work areas) if it is not there yet."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from dieuhanh.org.reference_data import POSITIONS, UNIT_LEVELS, WORK_AREAS

    UnitLevel = apps.get_model("org", "UnitLevel")
    Position = apps.get_model("org", "Position")
    WorkArea = apps.get_model("org", "WorkArea")
    for code, name, rank, basis in UNIT_LEVELS:
        UnitLevel.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "basis": basis}
        )
    for code, name, role, single, rank, basis in POSITIONS:
        Position.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "role": role,
                "single_holder": single,
                "rank": rank,
                "basis": basis,
            },
        )
    for code, name, function, rank, basis in WORK_AREAS:
        WorkArea.objects.get_or_create(
            code=code, defaults={"name": name, "function": function, "rank": rank, "basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
