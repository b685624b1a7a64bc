"""The audit log is append-only and carries who, when, what, on whose behalf and the request."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from dieuhanh.core.audit import Actor, diff, record
from dieuhanh.core.models import AuditEntry


def test_audit_row_cannot_be_changed_through_the_application(org):
    entry = record("test.action", org.kv1, actor=Actor(user=org.chief.user), changes={"a": [1, 2]})
    entry.action = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_database_refuses_updates_of_audit_rows(org):
    entry = record("test.action", org.kv1, actor=Actor(user=org.chief.user))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


def test_change_through_a_page_records_the_request_id(client, org):
    # Given the Chief renames KV1 through the edit form, with a request id from the proxy
    client.force_login(org.chief.user)
    response = client.post(
        reverse("org:unit_edit", kwargs={"code": "kv1"}),
        {"version": 1, "name": "VKSND khu vực Một", "short_name": "KV1", "level": org.kv1.level_id},
        headers={"X-Request-ID": "req-12345"},
    )
    # Then the response echoes the id and the audit row carries it
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-12345"
    entry = AuditEntry.objects.for_object(org.kv1).get()
    assert (entry.action, entry.request_id, entry.actor_label) == (
        "org.unit.update",
        "req-12345",
        "Trần Văn Trưởng",
    )


def test_unsafe_request_id_is_replaced(client, org):
    client.force_login(org.chief.user)
    response = client.get(reverse("home"), headers={"X-Request-ID": "<script>"})
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_audit_page_exists_only_for_administrators(client, org):
    record(
        "org.unit.update", org.kv1, actor=Actor(user=org.chief.user), changes={"name": ["A", "B"]}
    )
    client.force_login(org.chief.user)
    assert client.get(reverse("core:audit_log")).status_code == 404
    client.force_login(org.admin.user)
    response = client.get(reverse("core:audit_log"), {"actor": "Trần"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    response = client.get(reverse("core:audit_log"), {"actor": "Không ai"})
    assert response.context["page"].paginator.count == 0


def test_audit_page_filters_on_behalf_actions(client, org):
    record("x.own", org.kv1, actor=Actor(user=org.chief.user))
    record(
        "x.delegated",
        org.kv2,
        actor=Actor(
            user=org.delegate.user,
            on_behalf_of=org.chief.user,
            on_behalf_of_label="Trần Văn Trưởng",
        ),
    )
    client.force_login(org.admin.user)
    response = client.get(reverse("core:audit_log"), {"on_behalf_only": "on"})
    assert [e.action for e in response.context["page"]] == ["x.delegated"]
