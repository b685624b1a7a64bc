"""`record_many` writes, in one insert, the same rows `record` writes one at a time."""

from dieuhanh.core.audit import Actor, record_many, request_id_var
from dieuhanh.core.models import AuditEntry


def test_record_many_writes_one_row_per_object_with_the_request_id(org):
    # Given a unit and a person, changed by the Chief within request "req-bulk"
    actor = Actor(user=org.chief.user)
    token = request_id_var.set("req-bulk")
    try:
        # When both changes are recorded together
        returned = record_many(
            [
                ("org.unit.create", org.kv1, {"name": [None, "VKSND khu vực 1"]}),
                ("org.person.update", org.prosecutor, None),
            ],
            actor=actor,
        )
    finally:
        request_id_var.reset(token)

    # Then two rows are stored, each with its action, object and the request id
    rows = [
        (
            entry.action,
            entry.content_type.app_label,
            entry.content_type.model,
            entry.object_id,
            entry.object_repr,
            entry.changes,
            entry.actor_id,
            entry.actor_label,
            entry.request_id,
        )
        for entry in AuditEntry.objects.order_by("id")
    ]
    assert rows == [
        (
            "org.unit.create",
            "org",
            "unit",
            str(org.kv1.pk),
            "VKSND khu vực 1",
            {"name": [None, "VKSND khu vực 1"]},
            org.chief.user.pk,
            "Trần Văn Trưởng",
            "req-bulk",
        ),
        (
            "org.person.update",
            "org",
            "person",
            str(org.prosecutor.pk),
            "Đỗ Thị Kiểm",
            {},
            org.chief.user.pk,
            "Trần Văn Trưởng",
            "req-bulk",
        ),
    ]
    # And the saved rows are what the call returns
    assert [entry.pk for entry in returned] == list(
        AuditEntry.objects.order_by("id").values_list("pk", flat=True)
    )
