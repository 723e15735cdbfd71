"""Demo data, production settings, the CLI entry point and the translation catalogue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from yunting.accounts.models import RoleAssignment, User
from yunting.accounts.roles import Role
from yunting.courts.models import Court
from yunting.demo.people import PEOPLE, seed_demo

REPO = Path(__file__).resolve().parents[2]
YUNTING = [sys.executable, "-m", "yunting.cli"]


def test_seed_demo_is_idempotent_and_covers_every_role(db):
    seed_demo()
    counts = (User.objects.count(), RoleAssignment.objects.count(), Court.objects.count())
    seed_demo()
    assert (User.objects.count(), RoleAssignment.objects.count(), Court.objects.count()) == counts
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert counts[0] == len(PEOPLE)
    assert set(Court.objects.values_list("level", flat=True)) == {"high", "intermediate", "basic"}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("YUNTING_")}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        full_env.pop(name, None)
    full_env.update(env)
    return subprocess.run(
        YUNTING + args, capture_output=True, text=True, env=full_env, cwd=REPO, timeout=120
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run(
        ["check"],
        YUNTING_ENV="production",
        ALLOWED_HOSTS="court.example",
        YUNTING_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        YUNTING_ENV="production",
        SECRET_KEY="k" * 20 + "-a-long-and-random-production-secret-key-0987654321",
        ALLOWED_HOSTS="court.example",
        YUNTING_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


PRODUCTION_ENV = {
    "YUNTING_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-a-long-and-random-production-secret-key-0987654321",
    "ALLOWED_HOSTS": "court.example",
}
SHOW_SECURITY = (
    "import json; from django.conf import settings as s; print(json.dumps([s.SECURE_HSTS_SECONDS,"
    " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT,"
    " s.PASSWORD_HASHERS[0]]))"
)


def test_production_settings_turn_on_hsts_and_argon2(tmp_path):
    """What the project configures for production (read from a production process), not what
    a test sets: a year of HSTS with subdomains and preload, HTTPS redirect, Argon2 first."""
    result = _run(["shell", "-c", SHOW_SECURITY], YUNTING_VAR_DIR=str(tmp_path), **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    seconds, subdomains, preload, redirect, hasher = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert (seconds, subdomains, preload, redirect) == (31_536_000, True, True, True)
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"
    result = _run(["shell", "-c", SHOW_SECURITY], YUNTING_VAR_DIR=str(tmp_path))
    assert json.loads(result.stdout.strip().splitlines()[-1])[0] == 0  # development: no HSTS


def test_production_sends_security_headers(client, settings, db):
    # The production values (checked above); the middleware order is what is tested here.
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/portal/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in client.get("/portal/")  # never over plain HTTP


def test_every_message_has_a_chinese_translation():
    po = REPO / "src/yunting/locale/zh_Hans/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = []
    for entry in entries:
        if "#, fuzzy" in entry:
            untranslated.append(entry)
        lines = entry.strip().splitlines()
        strs = [ln for ln in lines if ln.startswith("msgstr")]
        if strs and all(s.endswith('""') for s in strs):
            # A multi-line msgstr starts with "" and continues on the next lines.
            idx = lines.index(strs[0])
            if idx == len(lines) - 1 or not lines[idx + 1].startswith('"'):
                untranslated.append(entry)
    assert not untranslated, untranslated[:3]
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1


def test_no_cdn_in_templates():
    for path in (REPO / "src/yunting").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "//cdn" not in text and "https://" not in text.replace("https://www.w3.org", ""), (
            path
        )
