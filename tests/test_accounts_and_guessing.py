"""Issue 14, section 3: accounts and guessing.

E-mails are one address whatever their case; guess limits live in the shared cache, per kind;
sign-up tells nobody whether an address has an account; invitation tokens are stored hashed and
no token reaches the log; removed participants stay out until restored; mail and board posts have
a cap."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from worksheets.mentor.services import mentor_link_create

from .factories import CohortFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


# Guess limits: shared, per kind, every miss counted.


def test_guess_limits_are_kept_in_the_database_cache_every_process_shares(client):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    client.get("/join/not-a-code/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("guess-misses:join-code:" in key for key in keys)


def test_guess_limits_use_redis_when_redis_url_is_set():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default'];"
        "print(c['BACKEND'], c['LOCATION'])",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache redis://cache.internal:6379/0" in (
        result.stdout
    )


def test_migrate_makes_the_cache_table(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    result = manage("migrate", "--verbosity", "0", SQLITE_PATH=str(database), DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "django_cache" in tables


@override_settings(JOIN_ATTEMPTS_PER_HOUR=4)
@pytest.mark.parametrize(
    "malformed",
    ["/join/a%20b/", "/join/x/y/z/", "/join/" + "x" * 300 + "/", "/join/%C3%A9t%C3%A9/"],
)
def test_malformed_join_codes_count_as_misses(client, malformed):
    for _ in range(4):
        assert client.get(malformed).status_code == 404
    assert client.get(CohortFactory().get_join_url()).status_code == 429


@override_settings(JOIN_ATTEMPTS_PER_HOUR=3)
def test_malformed_invitation_and_mentor_links_count_as_misses(client):
    for n in range(3):
        assert client.get(f"/invite/bad token {n}/").status_code == 404
        assert client.get(f"/mentor/bad/token/{n}/").status_code == 404
    assert client.get("/invite/anything/").status_code == 429
    assert client.get("/mentor/anything/").status_code == 429


@override_settings(JOIN_ATTEMPTS_PER_HOUR=3)
def test_misses_on_join_codes_never_block_a_valid_mentor_link(client, enrollment):
    _, url = mentor_link_create(enrollment=enrollment, mentor_name="Prof. Park")
    for n in range(5):
        client.get(f"/join/guess-{n}/")
    assert client.get("/join/another-guess/").status_code == 429
    assert client.get(url).status_code == 200
    assert client.get("/invite/never-issued/").status_code == 404  # its own count too


@override_settings(JOIN_ATTEMPTS_PER_HOUR=3)
def test_misses_on_mentor_links_never_block_a_valid_join_code(client):
    cohort = CohortFactory()
    for n in range(5):
        client.get(f"/mentor/guess-{n}/")
    assert client.get("/mentor/another-guess/").status_code == 429
    assert client.get(cohort.get_join_url()).status_code == 200
