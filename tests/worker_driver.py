"""The web side of test_task_worker.py, run as its own process against the database in the
environment (DATABASE_URL or SQLITE_PATH), with the production settings' task backend.

    python tests/worker_driver.py setup     migrate, load the course, seed the demo cohort
    python tests/worker_driver.py request [certificate]
                                            download the workbook (or the demo participant's
                                            certificate, issued by its first download) once:
                                            prints what came back
    python tests/worker_driver.py wait S [certificate]
                                            poll as the page does until the PDF is ready (S s)
    python tests/worker_driver.py mail      queue one mail through the outbox
    python tests/worker_driver.py mail_wait S   wait until that mail is handled (S s)

Each prints one JSON line."""

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from sessions_app.models import Enrollment  # noqa: E402
from worksheets.demo import PARTICIPANT  # noqa: E402

POLL = re.compile(r'hx-get="([^"?]+)\?for=([0-9a-f]{64})" hx-trigger="every 2s"')
ADDRESSES = {  # what is downloaded, as its progress page names it: its address
    "workbook": "/cohorts/{}/workbook.pdf",
    "certificate": "/cohorts/{}/evaluation/certificate.pdf",
}


def client_and_url(what: str):
    setup_test_environment()  # the test client's host name
    enrollment = Enrollment.objects.get(user__email=PARTICIPANT["email"])
    client = Client()
    client.force_login(enrollment.user)
    return client, ADDRESSES[what].format(enrollment.cohort_id)


def setup():
    call_command("migrate", verbosity=0)
    call_command("load_curriculum", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return {"ok": True}


def request(what: str = "workbook"):
    from django_tasks_db.models import DBTaskResult

    client, url = client_and_url(what)
    response = client.get(url)
    html = response.content.decode() if not response.streaming else ""
    match = POLL.search(html)
    return {
        "status": response.status_code,
        "type": response["Content-Type"],
        "preparing": f"Preparing your {what}…" in html,
        "poll": match[0] if match else "",
        "key": match[2] if match else "",
        "queued": list(DBTaskResult.objects.values_list("status", flat=True)),
    }


def wait(seconds: str, what: str = "workbook"):
    from django_tasks_db.models import DBTaskResult

    client, url = client_and_url(what)
    key = POLL.search(client.get(url).content.decode())[2]  # the page, again
    deadline, polls, state = time.monotonic() + float(seconds), 0, ""
    while time.monotonic() < deadline:
        polls += 1
        fragment = client.get(url, {"for": key}, HTTP_HX_REQUEST="true").content.decode()
        if f"Your {what} is ready" in fragment:
            state = "ready"
            break
        if "could not be made" in fragment:
            state = "failed"
            break
        time.sleep(0.5)
    go = client.get(url, {"go": "1"}, HTTP_HX_REQUEST="true")
    download = client.get(url)
    content = download.getvalue() if download.streaming else b""
    return {
        "state": state,
        "polls": polls,
        "redirect": go.get("HX-Redirect", ""),
        "type": download["Content-Type"],
        "pdf": content[:5].decode("latin-1"),
        "bytes": len(content),
        "tasks": list(DBTaskResult.objects.values_list("task_path", "status")),
    }


def mail():
    from django.core.mail import send_mail
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from outbox.models import OutgoingMail

    # setup_test_environment() is not called here, so this is the production EMAIL_BACKEND.
    with override_settings(EMAIL_BACKEND="outbox.backend.QueuedEmailBackend"):
        send_mail("A queued mail", "Sent by the worker.", None, ["ana@example.edu"])
    return {
        "outbox": list(OutgoingMail.objects.values_list("state", flat=True)),
        "queued": list(DBTaskResult.objects.values_list("status", flat=True)),
    }


def mail_wait(seconds: str):
    from outbox.models import OutgoingMail

    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        states = list(OutgoingMail.objects.values_list("state", flat=True))
        if states and states != ["queued"] and states != ["sending"]:
            break
        time.sleep(0.3)
    return {"outbox": list(OutgoingMail.objects.values_list("state", "attempts"))}


COMMANDS = {"setup": setup, "request": request, "wait": wait, "mail": mail, "mail_wait": mail_wait}

if __name__ == "__main__":
    command, *args = sys.argv[1:]
    result = COMMANDS[command](*args)
    print("RESULT " + json.dumps(result))
