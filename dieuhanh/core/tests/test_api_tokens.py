"""API tokens and API authentication: issuing, revoking, bearer and session access.

Authentication is checked against the organisation endpoints over HTTP only: core must not
import org (import-linter), and the HTTP surface is what machines and browsers see anyway.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from dieuhanh.core.api_auth import CSRF_FAILED
from dieuhanh.core.errors import Denied
from dieuhanh.core.models import ApiToken, AuditEntry, hash_token
from dieuhanh.core.tokens import TokenError, issue_api_token, revoke_api_token

UNAUTHENTICATED = {"detail": "Cần đăng nhập hoặc khóa API hợp lệ."}
ALL_UNITS = ["tinh-thu", "phong-1", "kv1", "kv1-to1", "kv2"]


def make_user(username: str, **extra: Any) -> User:
    return get_user_model().objects.create_user(username=username, password=None, **extra)


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def unit_codes(response: Any) -> list[str]:
    return [unit["code"] for unit in response.json()]


def token_state() -> list[tuple[Any, ...]]:
    return list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at", "last_used_at"))


def posting_payload(org: Any) -> dict[str, Any]:
    """The prosecutor of KV1 also leads Tổ 1: a write the head of KV1 may make."""
    return {
        "person_id": org.prosecutor.pk,
        "unit": "kv1-to1",
        "position": "to-truong",
        "start": org.today.isoformat(),
        "concurrent": True,
    }


# ---------------------------------------------------------------- issuing and revoking


@pytest.mark.django_db
def test_issued_token_is_stored_only_as_its_hash_and_prefix() -> None:
    # Given a user
    user = make_user("may-chu-bao-cao")
    # When a token is issued
    token, raw = issue_api_token(user, name="  Hệ thống báo cáo  ")
    # Then the database holds the SHA-256 and the first 8 characters, never the secret
    token.refresh_from_db()
    assert token.key_hash == hash_token(raw)
    assert token.prefix == raw[:8]
    assert token.name == "Hệ thống báo cáo"
    assert token.user == user
    assert token.revoked_at is None
    assert token.last_used_at is None
    assert len(raw) == 43  # 32 random bytes, URL-safe base64
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in json.dumps(stored, default=str)


@pytest.mark.django_db
def test_issuing_a_token_is_audited_without_the_secret() -> None:
    # Given a user
    user = make_user("may-chu-bao-cao")
    # When a token is issued
    token, raw = issue_api_token(user, name="Hệ thống báo cáo")
    # Then one audit row names the token by its prefix and holds no secret
    entry = AuditEntry.objects.get()
    assert entry.action == "core.api_token.issue"
    assert entry.actor == user
    assert entry.actor_label == "may-chu-bao-cao"
    assert entry.object_id == str(token.pk)
    assert entry.object_repr == f"Hệ thống báo cáo ({raw[:8]}…)"
    assert entry.changes == {
        "user": [None, "may-chu-bao-cao"],
        "name": [None, "Hệ thống báo cáo"],
        "prefix": [None, raw[:8]],
    }
    row = AuditEntry.objects.filter(pk=entry.pk).values().get()
    assert raw not in json.dumps(row, default=str)
    assert hash_token(raw) not in json.dumps(row, default=str)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Cần đặt tên cho khóa API (ví dụ: tên hệ thống sẽ dùng nó)."),
        ("x" * 101, "Tên khóa API dài tối đa 100 ký tự."),
    ],
)
def test_token_without_a_usable_name_is_refused(name: str, message: str) -> None:
    # Given a user
    user = make_user("may-chu-bao-cao")
    # When a token is requested with a blank or overlong name
    with pytest.raises(TokenError) as error:
        issue_api_token(user, name=name)
    # Then it is refused and nothing is saved
    assert error.value.message == message
    assert error.value.field == "name"
    assert ApiToken.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_token_for_an_inactive_user_is_refused() -> None:
    # Given a deactivated account
    user = make_user("nghi-huu", is_active=False)
    # When a token is requested for it
    with pytest.raises(TokenError) as error:
        issue_api_token(user, name="Cũ")
    # Then it is refused and nothing is saved
    assert error.value.message == (
        "Tài khoản “nghi-huu” đã bị khóa; không cấp khóa API cho tài khoản này."
    )
    assert ApiToken.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_owner_revokes_a_token_and_the_revocation_is_audited() -> None:
    # Given a user's token
    user = make_user("may-chu-bao-cao")
    token, _raw = issue_api_token(user, name="Hệ thống báo cáo")
    before = timezone.now()
    # When its owner revokes it
    revoke_api_token(token, by_user=user)
    # Then it is revoked from now on, and the revocation is audited
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert before <= token.revoked_at <= timezone.now()
    entry = AuditEntry.objects.filter(action="core.api_token.revoke").get()
    assert entry.actor == user
    assert entry.object_id == str(token.pk)
    assert entry.changes == {"revoked": [False, True]}


@pytest.mark.django_db
def test_administrator_may_revoke_anyone_s_token() -> None:
    # Given a user's token and an administrator
    token, _raw = issue_api_token(make_user("may-chu-bao-cao"), name="Hệ thống báo cáo")
    admin = make_user("quan-tri", is_superuser=True, is_staff=True)
    # When the administrator revokes it
    revoke_api_token(token, by_user=admin)
    # Then it is revoked and the administrator is the actor
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="core.api_token.revoke").get().actor == admin


@pytest.mark.django_db
def test_another_user_cannot_revoke_a_token() -> None:
    # Given a user's token
    token, _raw = issue_api_token(make_user("may-chu-bao-cao"), name="Hệ thống báo cáo")
    audit_count = AuditEntry.objects.count()
    # When another, ordinary user tries to revoke it
    with pytest.raises(Denied):
        revoke_api_token(token, by_user=make_user("nguoi-khac"))
    # Then nothing changes
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.django_db
def test_revoking_a_revoked_token_again_is_refused() -> None:
    # Given a revoked token
    user = make_user("may-chu-bao-cao")
    token, _raw = issue_api_token(user, name="Hệ thống báo cáo")
    revoke_api_token(token, by_user=user)
    token.refresh_from_db()
    revoked_at, audit_count = token.revoked_at, AuditEntry.objects.count()
    # When it is revoked again
    with pytest.raises(TokenError) as error:
        revoke_api_token(token, by_user=user)
    # Then it is refused and the first revocation stands
    assert error.value.message == "Khóa API này đã bị thu hồi."
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    assert AuditEntry.objects.count() == audit_count


# ---------------------------------------------------------------- the command


@pytest.mark.django_db
def test_create_api_token_command_prints_the_secret_once_on_stdout() -> None:
    # Given a user
    user = make_user("may-chu-bao-cao")
    stdout, stderr = StringIO(), StringIO()
    # When the command issues a token
    call_command(
        "create_api_token", "may-chu-bao-cao", name="Hệ thống báo cáo", stdout=stdout, stderr=stderr
    )
    # Then stdout is exactly the raw token (so scripts can capture it), and it works
    raw = stdout.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.user == user
    assert token.name == "Hệ thống báo cáo"
    assert token.key_hash == hash_token(raw)
    assert token.prefix == raw[:8]
    # And stderr tells the operator what was issued without repeating the secret
    assert stderr.getvalue().strip() == (
        f"Đã cấp khóa API “Hệ thống báo cáo” ({raw[:8]}…) cho may-chu-bao-cao. "
        "Hãy lưu khóa dưới đây ngay: nó sẽ không được hiển thị lại."
    )
    assert raw not in stderr.getvalue()
    assert AuditEntry.objects.get().action == "core.api_token.issue"


@pytest.mark.django_db
def test_create_api_token_command_refuses_an_unknown_user() -> None:
    # Given no account "khong-co"
    # When the command is asked for a token for it
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "khong-co", name="X", stdout=StringIO())
    # Then it fails with a clear message and saves nothing
    assert str(error.value) == "Không có tài khoản “khong-co”."
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_create_api_token_command_requires_a_name() -> None:
    # Given a user
    make_user("may-chu-bao-cao")
    # When the command is run without --name
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "may-chu-bao-cao", stdout=StringIO())
    # Then argument parsing refuses it and nothing is saved
    assert "--name" in str(error.value)
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_create_api_token_command_reports_refusals_of_the_service() -> None:
    # Given a deactivated account
    make_user("nghi-huu", is_active=False)
    # When the command is asked for a token for it
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "nghi-huu", name="Cũ", stdout=StringIO())
    # Then the service's Vietnamese message is shown and nothing is saved
    assert str(error.value) == (
        "Tài khoản “nghi-huu” đã bị khóa; không cấp khóa API cho tài khoản này."
    )
    assert ApiToken.objects.count() == 0


# ---------------------------------------------------------------- authentication over HTTP


def test_request_without_credentials_is_401(org: Any) -> None:
    # Given no session and no token
    client = Client()
    # When the API is called
    response = client.get("/api/org/units")
    # Then it answers 401 with the standard error body
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize(
    ("archetype", "expected"),
    [
        ("unit_head", ["kv1", "kv1-to1"]),
        ("chief", ALL_UNITS),
        ("peer", ["kv2"]),
        ("outsider", []),
    ],
)
def test_bearer_token_acts_as_its_user(org: Any, archetype: str, expected: list[str]) -> None:
    # Given a token of an archetype user
    token, raw = issue_api_token(getattr(org, archetype).user, name="CI")
    before = timezone.now()
    # When the API is called with it and no session
    response = Client().get("/api/org/units", headers=bearer(raw))
    # Then it answers with exactly that user's scope, and the token's use is stamped
    assert response.status_code == 200
    assert unit_codes(response) == expected
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= timezone.now()


def test_bearer_token_writes_without_csrf_token_and_audits_its_user(org: Any) -> None:
    # Given a token of the head of KV1 and a client that enforces CSRF like a real server
    _token, raw = issue_api_token(org.unit_head.user, name="Phần mềm quản lý án")
    client = Client(enforce_csrf_checks=True)
    # When the machine posts the prosecutor to lead Tổ 1
    response = client.post(
        "/api/org/postings",
        posting_payload(org),
        content_type="application/json",
        headers=bearer(raw),
    )
    # Then it succeeds without any CSRF token (it has no session), and acts as its user
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.get(action="org.posting.create")
    assert entry.actor == org.unit_head.user
    assert entry.object_id == str(response.json()["id"])


@pytest.mark.parametrize(
    "header",
    [
        "Bearer khong-phai-khoa-that",
        "Bearer ",
        "Token khong-phai-khoa-that",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_unknown_or_malformed_token_is_401(org: Any, header: str) -> None:
    # Given an Authorization header that carries no valid token
    # When the API is called with it
    response = Client().get("/api/org/units", headers={"Authorization": header})
    # Then it answers 401
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_revoked_token_is_401_and_not_stamped(org: Any) -> None:
    # Given a revoked token of the Chief
    token, raw = issue_api_token(org.chief.user, name="CI")
    revoke_api_token(token, by_user=org.chief.user)
    before = token_state()
    # When it is used
    response = Client().get("/api/org/units", headers=bearer(raw))
    # Then it answers 401 and the token is not marked as used
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert token_state() == before


def test_token_of_an_inactive_user_is_401(org: Any) -> None:
    # Given a token whose user has since been deactivated
    _token, raw = issue_api_token(org.chief.user, name="CI")
    type(org.chief.user).objects.filter(pk=org.chief.user.pk).update(is_active=False)
    before = token_state()
    # When it is used
    response = Client().get("/api/org/units", headers=bearer(raw))
    # Then it answers 401 and nothing changes
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert token_state() == before


def test_logged_in_browser_session_is_accepted(org: Any) -> None:
    # Given the head of KV1 logged in in a browser
    client = Client()
    client.force_login(org.unit_head.user)
    # When the API is called with the session cookie only
    response = client.get("/api/org/units")
    # Then it answers with that user's scope
    assert response.status_code == 200
    assert unit_codes(response) == ["kv1", "kv1-to1"]


def test_session_write_without_csrf_token_is_403_and_saves_nothing(org: Any) -> None:
    # Given the head of KV1 logged in, with a client that enforces CSRF
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.unit_head.user)
    audit_count = AuditEntry.objects.count()
    # When a POST carries the session cookie but no CSRF token
    response = client.post(
        "/api/org/postings", posting_payload(org), content_type="application/json"
    )
    # Then it is refused with 403 and nothing is saved
    assert response.status_code == 403
    assert response.json() == {"detail": CSRF_FAILED}
    assert AuditEntry.objects.count() == audit_count
    assert not org.prosecutor.postings.filter(unit=org.team).exists()


def test_session_write_with_csrf_token_is_accepted(org: Any) -> None:
    # Given the head of KV1 logged in, with a client that enforces CSRF, holding a CSRF cookie
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.unit_head.user)
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    # When the POST sends the matching X-CSRFToken header
    response = client.post(
        "/api/org/postings",
        posting_payload(org),
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    # Then it is accepted: the 403 above was the CSRF check, not the permission
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["unit"], body["position"], body["start"]) == (
        "kv1-to1",
        "to-truong",
        org.today.isoformat(),
    )


def test_session_of_a_deactivated_user_is_401(org: Any) -> None:
    # Given a browser logged in as the Chief, whose account is then deactivated
    client = Client()
    client.force_login(org.chief.user)
    type(org.chief.user).objects.filter(pk=org.chief.user.pk).update(is_active=False)
    # When the API is called with that session
    response = client.get("/api/org/units")
    # Then the session no longer counts
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_token_use_is_stamped_on_every_request(org: Any) -> None:
    # Given a token last used a day ago
    token, raw = issue_api_token(org.chief.user, name="CI")
    yesterday = timezone.now() - dt.timedelta(days=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=yesterday)
    # When it is used again
    Client().get("/api/org/positions", headers=bearer(raw))
    # Then the stamp moves to now
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > yesterday
