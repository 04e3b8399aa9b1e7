"""CPU time of one autosave inside one Django process, without a server or a network: the
number to watch when making the autosave itself cheaper (bench/load.py measures it under
gunicorn, with everything around it).

Run: .venv/bin/python bench/autosave_cpu.py [--saves 300] [--profile]

It builds a throw-away SQLite database with the course and one participant, opens the first
module as the page does, then autosaves one answer again and again exactly as
static/js/workbook.js does (the edited section's fields only), and prints the CPU milliseconds
per autosave; `--profile` adds cProfile's top functions by cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME = re.compile(r'name="([^"]+)"')
VALUE = re.compile(r'value="([^"]*)"')
SECTION_FIELD = re.compile(r"s\d+-")


def configure(tmp: Path) -> None:
    sys.path[:0] = [str(ROOT)]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "mentoring.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "SQLITE_PATH": str(tmp / "bench.sqlite3"),
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    # Pages link static files by name; no collectstatic is needed for that here.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def participant_on_first_module():
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from sessions_app.models import Cohort, CohortSession, Enrollment, Module, Prompt, Session

    call_command("migrate", verbosity=0)
    call_command("load_curriculum", verbosity=0)
    user = User.objects.create_user(email="bench@example.edu", display_name="Bench")
    cohort = Cohort.objects.create(name="Bench cohort")
    Enrollment.objects.create(cohort=cohort, user=user)
    for session in Session.objects.all():
        CohortSession.objects.create(cohort=cohort, session=session, is_open=True)
    module = Module.objects.in_course_order().first()
    prompt = Prompt.objects.filter(section__module=module).order_by("section__position").first()
    client = Client()
    client.force_login(user)
    return client, cohort, module, prompt


def form_fields(html: str, section_prefix: str) -> dict:
    """The hidden fields the page holds, of the edited section and the form's own."""
    fields = {}
    for tag in HIDDEN.findall(html):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name and value:
            fields[name.group(1)] = value.group(1)
    return {
        name: value
        for name, value in fields.items()
        if not SECTION_FIELD.match(name) or name.startswith(section_prefix)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    configure(Path(tempfile.mkdtemp(prefix="bench-autosave-")))
    from django.urls import reverse

    client, cohort, module, prompt = participant_on_first_module()
    page = client.get(reverse("worksheets:module", args=[cohort.pk, module.slug]))
    data = form_fields(page.content.decode(), f"s{prompt.section_id}-")
    field = f"s{prompt.section_id}-answers-p{prompt.pk}"
    url = reverse("worksheets:autosave", args=[cohort.pk, module.slug])

    def save(n: int) -> None:
        data[field] = f"An answer that grows a little with every save: {n}"
        response = client.post(url, data)
        if response.status_code != 200:
            raise SystemExit(f"autosave answered {response.status_code}")
        data.update(form_fields(response.content.decode(), f"s{prompt.section_id}-"))

    for n in range(20):  # warm up: the course copy, templates, connections
        save(n)
    started = time.process_time()
    for n in range(args.saves):
        save(100 + n)
    per_save = (time.process_time() - started) / args.saves * 1000
    print(f"CPU per autosave (one process, Django test client): {per_save:.2f} ms")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [save(10_000 + n) for n in range(args.saves)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
