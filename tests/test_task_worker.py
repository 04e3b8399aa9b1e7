"""The real thing: the database task backend and a `manage.py db_worker` process.

The suite's own database cannot be shared with another process (on SQLite it lives in memory,
and on both databases each test runs inside a transaction that is never committed), so this
test builds a database of its own, a SQLite file or a fresh database on the suite's PostgreSQL
server (DATABASE_URL, as scripts/with-postgres sets it), and drives the web side from another
process too (tests/worker_driver.py, Django's test client under the production settings). It
runs on both databases: the download queues a render and shows the progress page while no
worker runs; then a worker starts, renders the demo workbook (or the certificate the download
issued), and the polling page gets the PDF. A mail queued through the outbox is delivered by
the worker, once."""

import json
import os
import signal
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "worker_driver.py"


@pytest.fixture
def own_database(tmp_path):
    """Environment variables that point at a database of this test's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TASKS_", "PYTEST_"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "mentoring.settings", "DJANGO_DEBUG": "1"})
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "worker.sqlite3")
        yield env
        return
    import psycopg

    name = f"worker_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield env
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drive(env, *args, timeout=300):
    done = subprocess.run(
        [sys.executable, str(DRIVER), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    output = done.stdout[-3000:] + done.stderr[-3000:]
    assert done.returncode == 0, output
    assert lines, output
    return json.loads(lines[-1].removeprefix("RESULT "))


@pytest.mark.parametrize(
    ("what", "task", "address"),
    [
        ("workbook", "worksheets.tasks.render_workbook_pdf", "/workbook.pdf"),
        # The demo participant meets the default rule: the first download issues the
        # certificate, and the issue queues its render.
        ("certificate", "evaluation.tasks.render_certificate_pdf", "/certificate.pdf"),
    ],
)
def test_a_real_worker_renders_what_the_download_queued(
    own_database, tmp_path, what, task, address
):
    env = own_database
    drive(env, "setup")

    first = drive(env, "request", what)

    assert first["status"] == 200
    assert first["type"].startswith("text/html")
    assert first["preparing"]
    assert first["poll"]
    assert first["queued"] == ["READY"]  # queued in the database, nobody renders yet
    assert drive(env, "request", what)["queued"] == ["READY"]  # a second click: still one

    with running_worker(env, tmp_path) as worker_log:
        done = drive(env, "wait", "240", what)

    assert done["state"] == "ready", worker_log.read_text()[-3000:]
    assert done["redirect"].endswith(address)
    assert done["type"] == "application/pdf"
    assert done["pdf"] == "%PDF-"
    assert done["bytes"] > 5_000
    assert done["tasks"] == [[task, "SUCCESSFUL"]]
    assert task.rsplit(".", 1)[1] in worker_log.read_text()


def test_a_real_worker_delivers_a_queued_mail_once(own_database, tmp_path):
    env = own_database
    env.update(
        {
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mails"),
        }
    )
    drive(env, "setup")
    queued = drive(env, "mail")
    assert queued["outbox"] == ["queued"]
    assert "READY" in queued["queued"]  # stored with the mail, nobody has sent it yet
    assert not (tmp_path / "mails").exists()

    with running_worker(env, tmp_path) as worker_log:
        done = drive(env, "mail_wait", "120")

    assert done["outbox"] == [["sent", 1]], worker_log.read_text()[-3000:]
    files = list((tmp_path / "mails").iterdir())
    assert len(files) == 1
    assert "A queued mail" in files[0].read_text()
    assert "To: ana@example.edu" in files[0].read_text()


@contextmanager
def running_worker(env, tmp_path):
    """A `manage.py db_worker` process for the block; yields the path of its log."""
    path = tmp_path / "worker.log"
    log = path.open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield path
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
