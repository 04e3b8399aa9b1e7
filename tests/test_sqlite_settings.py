"""One SQLite, however it is configured (issue 14, §5): a sqlite:/// DATABASE_URL gets the WAL
journal, IMMEDIATE transactions and the busy timeout of the default SQLite path."""

import os
import subprocess
import sys
import textwrap

from django.conf import settings

from mentoring.settings import database_config


def test_a_sqlite_database_url_gets_the_same_options_as_the_default_path(tmp_path):
    path = str(tmp_path / "workbook.sqlite3")
    from_url = database_config(f"sqlite:///{path}", sqlite_path="unused")
    from_path = database_config("", sqlite_path=path)
    assert from_url == from_path
    assert from_url["NAME"] == path
    assert from_url["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert from_url["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in from_url["OPTIONS"]["init_command"]


def test_a_sqlite_database_url_may_still_tune_its_options(tmp_path):
    config = database_config(f"sqlite:///{tmp_path}/w.sqlite3?timeout=60", sqlite_path="unused")
    assert config["OPTIONS"]["timeout"] == 60
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_database_url_is_left_as_it_is():
    config = database_config("postgres://u:p@db.internal:5432/mentoring", sqlite_path="unused")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert "transaction_mode" not in config.get("OPTIONS", {})


# Each thread reads and then writes in one transaction, as an autosave does: under SQLite's
# default DEFERRED transactions two of them deadlock on the lock upgrade and one gets "database
# is locked" at once, whatever the timeout.
WRITERS = textwrap.dedent(
    """
    import sys, threading, time
    import django
    django.setup()
    from django.db import connection, transaction
    from django.db import connections

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal", "no WAL journal"
        cursor.execute("CREATE TABLE autosave (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO autosave VALUES (1, 0)")
    errors, saves = [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + float(sys.argv[2])

    def autosaver():
        try:
            while time.monotonic() < stop:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM autosave WHERE id = 1")
                    value = cursor.fetchone()[0]
                    cursor.execute("UPDATE autosave SET value = %s WHERE id = 1", [value + 1])
                with lock:
                    saves[0] += 1
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=autosaver) for _ in range(int(sys.argv[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM autosave WHERE id = 1")
        stored = cursor.fetchone()[0]
    print(f"saves={saves[0]} stored={stored} errors={len(errors)}")
    for error in errors[:5]:
        print(error)
    """
)


def run_writers(database_url, threads=25, seconds=3.0):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
    }
    return subprocess.run(
        [sys.executable, "-c", WRITERS, str(threads), str(seconds)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_concurrent_autosavers_on_a_sqlite_database_url_never_see_database_is_locked(tmp_path):
    result = run_writers(f"sqlite:///{tmp_path}/workbook.sqlite3")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "errors=0" in report, report
    assert "database is locked" not in report
    saves, stored = (int(part.split("=")[1]) for part in report.split()[:2])
    assert saves > 25
    assert stored == saves  # every acknowledged save is in the database
