"""Production settings, headers, lockouts and throttles."""

import secrets

import pytest
from django.test import override_settings
from django.urls import reverse

from .commands import manage
from .factories import DEFAULT_PASSWORD, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "workbook.example.edu",
    "SITE_URL": "https://workbook.example.edu",
}


def test_check_deploy_prints_no_warning_with_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_certificates_would_print_a_local_address():
    environment = {**PRODUCTION, "SITE_URL": "http://localhost:8000"}  # the default
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode != 0
    assert "evaluation.W001" in result.stdout + result.stderr
    assert "SITE_URL is http://localhost:8000" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in policy


def test_signed_in_pages_are_never_stored(participant_client, enrollment):
    response = participant_client.get(enrollment.cohort.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_health_check_touches_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.json() == {"status": "ok"}


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_lock_one_account_from_one_address_only(client):
    UserFactory(email="ana@example.edu")
    UserFactory(email="ben@example.edu")
    login = reverse("accounts:login")
    for _ in range(3):
        client.post(
            login, {"username": "ana@example.edu", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    locked = client.post(
        login, {"username": "ana@example.edu", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    # A colleague on the same office network is not locked out…
    colleague = client.post(
        login, {"username": "ben@example.edu", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert colleague.status_code == 302
    client.logout()
    # …nor is the same person from another address.
    elsewhere = client.post(
        login, {"username": "ana@example.edu", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert elsewhere.status_code == 302


@override_settings(JOIN_ATTEMPTS_PER_HOUR=5)
def test_guessing_join_codes_is_throttled_per_address(client):
    from django.core.cache import cache

    cache.clear()
    for n in range(5):
        assert client.get(f"/join/guess-{n}/").status_code == 404
    assert client.get("/join/guess-6/").status_code == 429
    assert client.get(CohortFactory().get_join_url()).status_code == 429
    assert client.get("/join/guess-7/", REMOTE_ADDR="10.9.9.9").status_code == 404
    cache.clear()


def test_collectstatic_builds_the_compressed_manifest_for_production(tmp_path):
    result = manage(
        "collectstatic", "--noinput", **PRODUCTION, DJANGO_STATIC_ROOT=str(tmp_path / "static")
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/css/bootstrap.min.css" in manifest
    assert list((tmp_path / "static" / "css").glob("app.*.css.gz"))
