"""Production settings: `check --deploy` is clean with the README's variables; Argon2 hashing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x9Gf2-kq7Lr0pWm4Zt8Vb1Nc6Hy3Js5Dd0Qa2Ue7Ro4Ti9Pl1Kx3Cw6Bv8Mn0Ss2",
    "DJANGO_ALLOWED_HOSTS": "dieuhanh.vks.local",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def clean_env(**overrides: str) -> dict[str, str]:
    """The environment without any DJANGO_* or DATABASE_URL set by the caller or other tests."""
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO") and k != "DATABASE_URL"
    }
    return {**base, **PRODUCTION_ENV, **overrides}


def run_manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env()
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_hashes_passwords_with_argon2_and_secures_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run_manage("shell", "--no-imports", "-c", code)
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "True",
        "True",
        "True",
    ]


def test_missing_secret_key_in_production_stops_with_a_clear_message():
    env = clean_env(DJANGO_SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
