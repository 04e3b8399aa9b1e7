"""Load test of autosave under gunicorn (run: .venv/bin/python bench/load.py [--seconds 60]).

For each database (SQLite in WAL mode, then a throw-away PostgreSQL 15 through
scripts/with-postgres) the script:
- builds a fresh database (migrate, load_curriculum, collectstatic into a temporary STATIC_ROOT),
  one cohort with every session open and N participants, each with one answer already saved on
  another prompt of the module (to catch an autosave that wipes fields it was not sent);
- starts gunicorn on 127.0.0.1 with DEBUG off (production settings; only the HTTPS redirect and
  secure cookies are switched off, as the bench speaks plain HTTP on loopback);
- lets every participant log in, open their home, cohort and module pages, then autosave the
  edited section every two seconds for --seconds, changing one answer each time and reopening
  the page every --reload-every saves (each at their own point of that cycle), as the htmx page
  does (a save counts as acknowledged on 200 with X-Autosave: saved; hidden versions and
  fingerprints are taken from the response's out-of-band inputs);
- measures, in the same run and with the same client, the closed-loop throughput of a trivial view
  (/health/ when the app has it, else the login page) and of back-to-back autosaves;
- stops gunicorn and checks in the database that the last acknowledged text of every participant
  is stored ("lost saves"), and that the other answer is untouched.

gunicorn runs gthread, cores + 1 workers x 4 threads by default (--worker-class, --workers,
--threads): the work is CPU-bound Python, so about one process per core, and threads keep the
participants' connections alive as browsers do.

It prints throughput, autosave p50/p95/p99, errors, lost saves and the ratio to the trivial view,
and where the CPU went during the load (gunicorn, PostgreSQL, this client, other processes:
latency measured on a shared machine is pessimistic).
Targets on the 2-core machine, on both databases: 100 participants, 0 errors, 0 lost saves,
autosave p95 < 300 ms. Exits 1 when a target is missed. Only 127.0.0.1 is ever contacted.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address this script ever talks to
PASSWORD = "load-test-password-7319"
P95_TARGET_MS = 300.0
PARTICIPANTS_TARGET = 100
FILLER = (
    "I want to agree with my PI on a realistic timeline for the manuscript and to ask for "
    "regular meetings, feedback on drafts and advice about the next career step. "
)

# --------------------------------------------------------------------------------------------
# Parsing the pages the way a browser would


class FormParser(HTMLParser):
    """The successful controls of one <form id=...>: what a browser (or htmx) would submit."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: list | None = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = self.found = True
            return
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
                return
            self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = name, []
            self._multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, []]

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # A browser drops the newline right after <textarea> (Django always writes one).
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._options.append((value if value is not None else "".join(text), selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected]
            if not chosen and self._options and not self._multiple:
                chosen = [self._options[0][0]]
            self.fields.extend((self._select, v) for v in chosen)
            self._select = None


class OobInputs(HTMLParser):
    """name -> value of the out-of-band hidden inputs in an autosave response."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and "hx-swap-oob" in a and a.get("name"):
            self.values[a["name"]] = a.get("value") or ""


def form_fields(html: str, form_id: str) -> list[tuple[str, str]] | None:
    parser = FormParser(form_id)
    parser.feed(html)
    return parser.fields if parser.found else None


def csrf_token(html: str) -> str:
    fields = form_fields(html.replace("<form ", '<form id="any" ', 1), "any") or []
    return next((v for k, v in fields if k == "csrfmiddlewaretoken"), "")


def oob_inputs(html: str) -> dict[str, str]:
    parser = OobInputs()
    parser.feed(html)
    return parser.values


# --------------------------------------------------------------------------------------------
# Measuring


def percentile(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process, its direct children (gunicorn's workers, PostgreSQL's backends)
    and the children it has already reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid:
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
        elif int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def parent_pid(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


@dataclass
class Phase:
    name: str
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    started: float = 0.0
    ended: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def record(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds * 1000)

    def count(self, kind: str = "") -> int:
        if kind:
            return len(self.latencies.get(kind, []))
        return sum(len(v) for v in self.latencies.values())

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    def summary(self) -> dict:
        out = {
            "seconds": round(self.seconds, 2),
            "requests": self.count(),
            "throughput": round(self.count() / self.seconds, 1) if self.seconds else 0.0,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "cpu": self.cpu,
        }
        for kind, values in self.latencies.items():
            out[kind] = {
                "n": len(values),
                "p50": round(percentile(values, 50), 1),
                "p95": round(percentile(values, 95), 1),
                "p99": round(percentile(values, 99), 1),
                "max": round(max(values), 1),
            }
        return out


class Probe:
    """CPU snapshots around a phase: the machine, process trees (gunicorn, PostgreSQL), this
    client; what the machine spent beyond them went to other processes."""

    def __init__(self, trees: dict[str, int]):
        self.trees = trees

    def start(self, phase: Phase) -> None:
        phase.started = time.perf_counter()
        self._machine = machine_cpu()
        self._trees = {name: tree_cpu_seconds(pid) for name, pid in self.trees.items()}
        self._client = time.process_time()

    def stop(self, phase: Phase) -> None:
        phase.ended = time.perf_counter()
        used = {n: tree_cpu_seconds(pid) - self._trees[n] for n, pid in self.trees.items()}
        client = time.process_time() - self._client
        busy, total = machine_cpu()
        cores = os.cpu_count() or 1
        wall = phase.seconds or 1e-9
        busy_share = (busy - self._machine[0]) / max(total - self._machine[1], 1)
        phase.cpu = {"machine_busy_pct": round(100 * busy_share, 1), "cores": cores}
        for name, seconds in used.items():
            phase.cpu[f"{name}_cores"] = round(seconds / wall, 2)
        phase.cpu["client_cores"] = round(client / wall, 2)
        phase.cpu["other_cores"] = round(
            max(busy_share * cores - (sum(used.values()) + client) / wall, 0.0), 2
        )
        requests = phase.count()
        if requests:
            for name, seconds in used.items():
                phase.cpu[f"{name}_cpu_ms_per_request"] = round(seconds * 1000 / requests, 2)


# --------------------------------------------------------------------------------------------
# Simulated participants


class Unexpected(Exception):
    pass


async def loopback_only(request):
    if request.url.host != HOST:
        raise RuntimeError(f"refusing to contact {request.url.host}: loopback only")


def new_client(base_url: str):
    import httpx

    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(30.0),
        follow_redirects=False,
        trust_env=False,  # never a proxy from the environment
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        event_hooks={"request": [loopback_only]},
    )


SECTION_FIELD = re.compile(r"s\d+-")


class Participant:
    def __init__(self, number, email, cohort_id, module_slug, key, base_url, fingerprint):
        self.number = number
        self.email = email
        self.cohort_id = cohort_id
        self.module_url = f"/cohorts/{cohort_id}/modules/{module_slug}/"
        self.autosave_url = f"{self.module_url}autosave/"
        self.key = key  # s<section>-answers-p<prompt>
        self.client = new_client(base_url)
        self.fingerprint = fingerprint
        self.fields: list[tuple[str, str]] = []
        self.saves = 0
        self.acked_text: str | None = None
        self.acked_version = 0
        self.unacked: set[str] = set()  # sent after the last acknowledgement, outcome unknown

    async def request(self, phase, kind, method, url, expect, **kwargs):
        start = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as exc:
            phase.errors[f"{kind}: {type(exc).__name__}"] += 1
            raise Unexpected from exc
        phase.record(kind, time.perf_counter() - start)
        if response.status_code != expect:
            phase.errors[f"{kind}: HTTP {response.status_code}"] += 1
            raise Unexpected
        return response

    async def log_in(self, phase):
        page = await self.request(phase, "page", "GET", "/accounts/login/", 200)
        data = {"csrfmiddlewaretoken": csrf_token(page.text), "username": self.email}
        data["password"] = PASSWORD
        await self.request(phase, "login", "POST", "/accounts/login/", 302, data=data)
        home = await self.request(phase, "page", "GET", "/", 302)
        cohort_url = f"/cohorts/{self.cohort_id}/"
        if home.headers.get("location") != cohort_url:
            phase.errors["home: unexpected redirect"] += 1
        await self.request(phase, "page", "GET", cohort_url, 200)
        await self.open_module(phase)

    async def open_module(self, phase):
        page = await self.request(phase, "page", "GET", self.module_url, 200)
        fields = form_fields(page.text, "module-form")
        if not fields or not any(name == self.key for name, _ in fields):
            phase.errors["module page: form or prompt missing"] += 1
            raise Unexpected
        shown = dict(fields)
        if self.acked_text is not None and not self.unacked and shown[self.key] != self.acked_text:
            phase.errors["module page: shows other text than the last save"] += 1
        self.fields = fields

    def form_data(self, text: str) -> dict[str, list[str]]:
        """What static/js/workbook.js sends: the fields of the edited section (`s<id>-…`) and
        the form's own (the CSRF token), not the other sections'."""
        section = self.key.split("-", 1)[0] + "-"
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            if SECTION_FIELD.match(name) and not name.startswith(section):
                continue
            data.setdefault(name, []).append(text if name == self.key else value)
        return data

    async def autosave(self, phase, text_bytes: int):
        self.saves += 1
        text = f"participant {self.number} save {self.saves}: "
        text += (FILLER * (text_bytes // len(FILLER) + 1))[: max(text_bytes - len(text), 0)]
        self.unacked.add(text)
        response = await self.request(
            phase,
            "autosave",
            "POST",
            self.autosave_url,
            200,
            data=self.form_data(text),
            headers={"HX-Request": "true", "HX-Trigger": "module-form"},
        )
        verdict = response.headers.get("X-Autosave")
        if verdict != "saved":  # static/js/workbook.js trusts a save only on this verdict
            phase.errors[f"autosave: X-Autosave {verdict}"] += 1
            raise Unexpected
        updates = oob_inputs(response.text)
        version = updates.get(f"{self.key}-version", "")
        if not version.isdigit() or int(version) != self.acked_version + 1:
            phase.errors["autosave: version not moved on by one"] += 1
        if updates.get(f"{self.key}-shown") != self.fingerprint({"text": text}):
            phase.errors["autosave: fingerprint of the saved text differs"] += 1
        # Like htmx: the out-of-band inputs replace the page's hidden version and fingerprint.
        self.fields = [(n, updates.get(n, v)) for n, v in self.fields]
        self.fields = [(n, text if n == self.key else v) for n, v in self.fields]
        self.acked_text = text
        self.acked_version = int(version) if version.isdigit() else self.acked_version
        self.unacked.clear()

    async def close(self):
        await self.client.aclose()


async def paced(participant, phase, args, deadline, rng):
    """Autosave every `interval` seconds on a fixed schedule; reopen the page every
    `reload_every` saves, each participant at their own point of that cycle (as they started at
    their own moment: in step, all of them would reopen it within the same two seconds)."""
    interval = args.interval
    start = phase.started + rng.uniform(0, interval)
    reload_offset = rng.randrange(args.reload_every) if args.reload_every else 0
    for k in range(int(args.seconds / interval) + 1):
        due = start + k * interval
        if due >= deadline:
            return
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        with contextlib.suppress(Unexpected):
            if k and args.reload_every and (k + reload_offset) % args.reload_every == 0:
                await participant.open_module(phase)
            await participant.autosave(phase, args.text_bytes)


async def closed_loop(make_request, phase, deadline, limit=100_000):
    for _ in range(limit):
        if time.perf_counter() >= deadline:
            return
        with contextlib.suppress(Unexpected):
            await make_request()


async def run_load(args, base_url, world, probe) -> dict:
    from worksheets.forms import fingerprint

    phases = {name: Phase(name) for name in ("login", "load", "autosave_capacity", "trivial")}
    people = [
        Participant(
            n, email, world["cohort_id"], world["module"], world["key"], base_url, fingerprint
        )
        for n, email in enumerate(world["emails"], start=1)
    ]
    rng = random.Random(args.seed)
    try:
        # 1. Everyone logs in and opens their pages (PBKDF2 makes this CPU-heavy: a few at once).
        phase = phases["login"]
        gate = asyncio.Semaphore(args.login_concurrency)

        async def log_in(person):
            async with gate:
                with contextlib.suppress(Unexpected):
                    await person.log_in(phase)

        probe.start(phase)
        await asyncio.wait_for(asyncio.gather(*(log_in(p) for p in people)), timeout=600)
        probe.stop(phase)
        ready = [p for p in people if p.fields]
        print(f"  {len(ready)}/{len(people)} participants logged in in {phase.seconds:.1f} s")

        # 2. The paced load: an autosave every two seconds per participant.
        phase = phases["load"]
        probe.start(phase)
        deadline = phase.started + args.seconds
        tasks = [paced(p, phase, args, deadline, random.Random(rng.random())) for p in ready]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.seconds + 120)
        probe.stop(phase)

        # 3. Capacity, closed loop with the same client: back-to-back autosaves, then the
        #    trivial view.
        concurrency = min(args.capacity_concurrency, len(ready))
        phase = phases["autosave_capacity"]
        probe.start(phase)
        deadline = phase.started + args.capacity_seconds
        tasks = [
            closed_loop(lambda p=p, ph=phase: p.autosave(ph, args.text_bytes), phase, deadline)
            for p in ready[:concurrency]
        ]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.capacity_seconds + 120)
        probe.stop(phase)

        phase = phases["trivial"]
        anonymous = [new_client(base_url) for _ in range(concurrency)]
        try:
            probe.start(phase)
            deadline = phase.started + args.capacity_seconds

            async def trivial(client):
                start = time.perf_counter()
                try:
                    response = await client.get(world["trivial_url"])
                except Exception as exc:
                    phase.errors[f"trivial: {type(exc).__name__}"] += 1
                    raise Unexpected from exc
                phase.record("trivial", time.perf_counter() - start)
                if response.status_code != 200:
                    phase.errors[f"trivial: HTTP {response.status_code}"] += 1

            tasks = [closed_loop(lambda c=c: trivial(c), phase, deadline) for c in anonymous]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.capacity_seconds + 120)
            probe.stop(phase)
        finally:
            for client in anonymous:
                await client.aclose()
    finally:
        for person in people:
            await person.close()
    outcome = {
        p.email: {"text": p.acked_text, "version": p.acked_version, "unacked": sorted(p.unacked)}
        for p in people
    }
    return {"phases": {name: ph.summary() for name, ph in phases.items()}, "acked": outcome}


# --------------------------------------------------------------------------------------------
# One database: set up, serve, load, check


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_world(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from sessions_app.models import Module, Prompt
    from sessions_app.services import cohort_create, enrollment_join, participant_sign_up
    from worksheets.models import Answer

    call_command("migrate", verbosity=0)
    call_command("load_curriculum", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    modules = Module.objects.in_course_order()
    module = modules.get(slug=args.module) if args.module else None
    for candidate in [module] if module else modules:
        prompts = list(
            Prompt.objects.active()
            .filter(section__module=candidate, section__is_active=True)
            .order_by("section__position", "position")
        )
        if len(prompts) >= 2:
            module = candidate
            break
    else:
        raise SystemExit(f"module {args.module!r} has fewer than two prompts")
    edited, kept = prompts[0], prompts[1]
    cohort = cohort_create(name="Load test", open_all_sessions=True)
    # The first participant signs up through the service (one PBKDF2 hash); the others reuse
    # its password hash so that setting up 100 accounts takes no minute of hashing.
    emails = [f"participant{n}@example.org" for n in range(1, args.participants + 1)]
    first = participant_sign_up(
        cohort=cohort, email=emails[0], display_name="Participant 1", password=PASSWORD
    )
    User = get_user_model()
    hashed = first.password or make_password(PASSWORD)
    for n, email in enumerate(emails[1:], start=2):
        user = User.objects.create(email=email, display_name=f"Participant {n}", password=hashed)
        enrollment_join(cohort=cohort, user=user)
    for enrollment in cohort.enrollments.participants():
        Answer.objects.create(enrollment=enrollment, prompt=kept, text=kept_text(enrollment))
    connections.close_all()  # the server must not share this process's connections
    return {
        "cohort_id": cohort.pk,
        "module": module.slug,
        "key": f"s{edited.section_id}-answers-p{edited.pk}",
        "edited_prompt": edited.pk,
        "kept_prompt": kept.pk,
        "emails": emails,
    }


def kept_text(enrollment) -> str:
    return f"Answer written before the load test by {enrollment.user.email}."


def check_database(world, acked) -> dict:
    from django.db import connections

    from sessions_app.models import Enrollment
    from worksheets.models import Answer

    enrollments = {
        e.user.email: e
        for e in Enrollment.objects.filter(cohort_id=world["cohort_id"]).select_related("user")
    }
    stored = {
        (a.enrollment_id, a.prompt_id): a
        for a in Answer.objects.filter(enrollment__cohort_id=world["cohort_id"])
    }
    lost, version_mismatch, acknowledged, other_changed = [], 0, 0, 0
    for email, outcome in acked.items():
        enrollment = enrollments[email]
        kept = stored.get((enrollment.pk, world["kept_prompt"]))
        if kept is None or kept.text != kept_text(enrollment):
            other_changed += 1
        if outcome["text"] is None:
            continue
        acknowledged += 1
        answer = stored.get((enrollment.pk, world["edited_prompt"]))
        text = answer.text if answer else None
        if text != outcome["text"] and text not in outcome["unacked"]:
            lost.append(email)
        elif text == outcome["text"] and answer.version != outcome["version"]:
            version_mismatch += 1
    connections.close_all()
    return {
        "participants_with_saves": acknowledged,
        "lost_saves": len(lost),
        "lost_examples": lost[:5],
        "version_mismatch": version_mismatch,
        "other_answers_changed": other_changed,
    }


def start_gunicorn(args, tmp: Path, env: dict, port: int) -> subprocess.Popen:
    config = tmp / "gunicorn_bench.conf.py"  # empty: keep the repository's gunicorn.conf.py out
    config.write_text("# load bench: every setting is on the command line\n")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mentoring.wsgi",
        "--config",
        str(config),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--keep-alive",
        "5",  # above the 2 s autosave interval: a kept connection is not closed mid-reuse
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--chdir",
        str(ROOT),
    ]
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 -- closed with the process
    return subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_ready(process, base_url: str, seconds: float = 60) -> str:
    """Wait until gunicorn answers; returns the trivial view's path."""
    import httpx

    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base_url, timeout=5, trust_env=False) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited during start-up; see its log above")
            try:
                if client.get("/health/").status_code == 200:
                    return "/health/"
                if client.get("/accounts/login/").status_code == 200:
                    return "/accounts/login/"
            except httpx.TransportError:
                pass
            time.sleep(0.25)
    raise SystemExit(f"gunicorn did not answer on {base_url} within {seconds:.0f} s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this script started
            process.wait(timeout=10)


def run_leg(args) -> int:
    """One database, in its own process (Django is configured once per process)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = args.leg
    if database == "postgres" and not os.environ.get("DATABASE_URL"):
        raise SystemExit("the postgres leg needs DATABASE_URL (run it under scripts/with-postgres)")
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-load-{database}-"))
    (tmp / "bench_settings.py").write_text(
        "# Production settings, but collectstatic goes to a temporary folder, not the\n"
        "# repository, and skips WhiteNoise's gzip/brotli copies (a minute of CPU; the bench\n"
        "# fetches no static file, and pages link to the same hashed names).\n"
        "from mentoring.settings import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(tmp / 'static')!r}\n"
        "STORAGES = {\n"
        "    **STORAGES,  # noqa: F405\n"
        "    'staticfiles': {\n"
        "        'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'\n"
        "    },\n"
        "}\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_LOG_FORMAT": "text",
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
    }
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    os.environ.update(env)
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    sys.path[:0] = [str(tmp), str(ROOT)]
    process = None
    try:
        import django

        django.setup()
        from django.db import connection

        started = time.perf_counter()
        world = build_world(args)
        world["postmaster"] = None
        vendor = connection.vendor
        if vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                mode = cursor.fetchone()[0]
            vendor += f" ({mode.upper()})"
            connection.close()
        else:
            vendor += f" {connection.pg_version // 10000}"
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")  # a child of the postmaster
                world["postmaster"] = parent_pid(cursor.fetchone()[0])
            connection.close()
        print(f"  {vendor}: set up in {time.perf_counter() - started:.1f} s")
        port = free_port()
        base_url = f"http://{HOST}:{port}"
        process = start_gunicorn(args, tmp, env, port)
        world["trivial_url"] = wait_ready(process, base_url)
        trees = {"gunicorn": process.pid}
        if world["postmaster"]:
            trees["postgres"] = world["postmaster"]
        probe = Probe(trees)
        measured = asyncio.run(run_load(args, base_url, world, probe))
        stop_gunicorn(process)
        log = (tmp / "gunicorn.log").read_text(errors="replace")
        checks = check_database(world, measured["acked"])
        result = {
            "database": vendor,
            "participants": args.participants,
            "seconds": args.seconds,
            "worker_class": args.worker_class,
            "workers": args.workers,
            "threads": args.threads,
            "trivial_url": world["trivial_url"],
            "server_log_errors": sum(
                1 for line in log.splitlines() if " ERROR " in line or "[ERROR]" in line
            ),
            "server_log_tail": [line for line in log.splitlines() if "ERROR" in line][-5:],
            **checks,
            **{k: v for k, v in measured.items() if k != "acked"},
        }
        Path(args.result_file).write_text(json.dumps(result, indent=2))
        return 0
    finally:
        if process is not None:
            stop_gunicorn(process)
        if args.keep:
            print(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Both databases: run each leg, print the table, check the targets


def leg_command(args, database: str, result_file: Path) -> list[str]:
    """The leg's own process; "postgres-durable" is the PostgreSQL leg on a cluster that
    syncs every commit to disk (fsync on), as a production server does."""
    leg = "postgres" if database.startswith("postgres") else database
    command = [sys.executable, str(Path(__file__).resolve()), "--leg", leg]
    command += ["--result-file", str(result_file)]
    for name in (
        "seconds",
        "participants",
        "workers",
        "threads",
        "worker_class",
        "interval",
        "reload_every",
        "text_bytes",
        "login_concurrency",
        "capacity_seconds",
        "capacity_concurrency",
        "seed",
    ):
        command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    if args.module:
        command += ["--module", args.module]
    if args.keep:
        command.append("--keep")
    if database == "postgres":
        command = [str(ROOT / "scripts" / "with-postgres"), *command]
    elif database == "postgres-durable":
        command = ["env", "PG_DURABLE=1", str(ROOT / "scripts" / "with-postgres"), *command]
    return command


def run_leg_process(command: list[str], timeout: float) -> int:
    process = subprocess.Popen(command, start_new_session=True)
    try:
        return process.wait(timeout=timeout)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        print(f"  leg did not finish in {timeout:.0f} s: stopping it", file=sys.stderr)
        os.killpg(process.pid, signal.SIGTERM)  # its own group: the leg, gunicorn stops with it
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        return 124


def table_rows(result: dict) -> list[tuple[str, str]]:
    load = result["phases"]["load"]
    saves = load.get("autosave", {})
    pages = load.get("page", {})
    login = result["phases"]["login"]
    capacity = result["phases"]["autosave_capacity"]
    trivial = result["phases"]["trivial"]
    errors = sum(phase["errors"] for phase in result["phases"].values())
    autosave_rate = capacity["requests"] / capacity["seconds"] if capacity["seconds"] else 0
    trivial_rate = trivial["requests"] / trivial["seconds"] if trivial["seconds"] else 0
    ratio = autosave_rate / trivial_rate if trivial_rate else float("nan")
    used = load["throughput"] / trivial_rate if trivial_rate else float("nan")
    cpu = load["cpu"]

    def ms(stats, key):
        return f"{stats[key]:.0f}" if stats else "-"

    return [
        ("gunicorn", f"{result['worker_class']} {result['workers']}x{result['threads']}"),
        ("participants", str(result["participants"])),
        ("seconds (schedule / elapsed)", f"{result['seconds']:.0f} / {load['seconds']:.0f}"),
        (
            "requests (autosaves+pages)",
            f"{load['requests']} ({saves.get('n', 0)}+{pages.get('n', 0)})",
        ),
        ("throughput req/s", f"{load['throughput']:.1f}"),
        ("autosave p50 ms", ms(saves, "p50")),
        ("autosave p95 ms", ms(saves, "p95")),
        ("autosave p99 ms", ms(saves, "p99")),
        ("autosave max ms", ms(saves, "max")),
        ("page view p95 ms", ms(pages, "p95")),
        ("login p95 ms (before the load)", ms(login.get("login", {}), "p95")),
        ("errors (all phases)", str(errors)),
        ("server log errors", str(result["server_log_errors"])),
        ("lost saves", f"{result['lost_saves']} of {result['participants_with_saves']}"),
        ("version mismatches", str(result["version_mismatch"])),
        ("other answers changed", str(result["other_answers_changed"])),
        (f"trivial view {result['trivial_url']} req/s", f"{trivial_rate:.0f}"),
        ("autosave capacity req/s (closed loop)", f"{autosave_rate:.0f}"),
        ("ratio autosave / trivial capacity", f"{ratio:.2f}"),
        ("load / trivial capacity", f"{used:.2f}"),
        ("machine CPU busy % during load", f"{cpu['machine_busy_pct']:.0f}"),
        ("  cores: gunicorn", f"{cpu['gunicorn_cores']:.2f}"),
        ("  cores: postgres", f"{cpu.get('postgres_cores', 0):.2f}"),
        ("  cores: load client", f"{cpu['client_cores']:.2f}"),
        ("  cores: other processes", f"{cpu['other_cores']:.2f}"),
        ("CPU ms per request: gunicorn", f"{cpu.get('gunicorn_cpu_ms_per_request', 0):.1f}"),
        ("CPU ms per request: postgres", f"{cpu.get('postgres_cpu_ms_per_request', 0):.1f}"),
        ("CPU ms per autosave (capacity): gunicorn", capacity_cpu(capacity, "gunicorn")),
        ("CPU ms per autosave (capacity): postgres", capacity_cpu(capacity, "postgres")),
    ]


def capacity_cpu(capacity, name: str) -> str:
    value = capacity["cpu"].get(f"{name}_cpu_ms_per_request")
    return f"{value:.1f}" if value is not None else "-"


def print_table(results: dict[str, dict]) -> None:
    columns = list(results)
    rows: dict[str, list[str]] = {}
    for name in columns:
        for label, value in table_rows(results[name]):
            rows.setdefault(label, []).append(value)
    width = max(len(label) for label in rows) + 2
    header = "".join(f"{results[name]['database']:>18}" for name in columns)
    print(f"\n{'':<{width}}{header}")
    for label, values in rows.items():
        print(f"{label:<{width}}" + "".join(f"{v:>18}" for v in values))
    for name in columns:
        kinds = Counter()
        for phase in results[name]["phases"].values():
            kinds.update(phase["error_kinds"])
        if kinds:
            print(f"{name} errors: " + ", ".join(f"{k} x{n}" for k, n in kinds.most_common()))
        for line in results[name]["server_log_tail"]:
            print(f"{name} server log: {line[:200]}")


def missed_targets(name: str, result: dict, *, smoke: bool = False) -> list[str]:
    missed = []
    load = result["phases"]["load"]
    errors = sum(phase["errors"] for phase in result["phases"].values())
    errors += result["server_log_errors"]
    p95 = load.get("autosave", {}).get("p95", float("inf"))
    if result["participants"] < PARTICIPANTS_TARGET and not smoke:
        missed.append(f"{name}: {result['participants']} participants < {PARTICIPANTS_TARGET}")
    if errors:
        missed.append(f"{name}: {errors} errors (target 0)")
    if result["lost_saves"] or result["other_answers_changed"] or result["version_mismatch"]:
        missed.append(
            f"{name}: {result['lost_saves']} lost saves, {result['version_mismatch']} version "
            f"mismatches, {result['other_answers_changed']} other answers changed (target 0)"
        )
    if not p95 < P95_TARGET_MS and not smoke:
        missed.append(f"{name}: autosave p95 {p95:.0f} ms (target < {P95_TARGET_MS:.0f} ms)")
        other = load["cpu"]["other_cores"]
        if other >= 0.25:
            missed.append(
                f"{name}: note: other processes used {other:.2f} of {load['cpu']['cores']} cores "
                "during the load, so latency is pessimistic: rerun on a quiet machine"
            )
    return missed


def main() -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the paced load")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument(
        "--databases",
        default="sqlite,postgres",
        help="comma-separated: sqlite, postgres, postgres-durable (fsync on)",
    )
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=cores + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between autosaves")
    parser.add_argument("--reload-every", type=int, default=15, help="reopen the page every N")
    parser.add_argument("--text-bytes", type=int, default=400, help="length of each answer")
    parser.add_argument("--login-concurrency", type=int, default=cores * 2)
    parser.add_argument("--capacity-seconds", type=float, default=5.0)
    parser.add_argument("--capacity-concurrency", type=int, default=16)
    parser.add_argument("--module", default="", help="module slug (default: the first)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI's short run: fail only on errors or lost saves, not on size or latency",
    )
    parser.add_argument("--leg", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 0 < args.seconds <= 3600 or not 0 < args.capacity_seconds <= 600:
        parser.error("--seconds must be in (0, 3600] and --capacity-seconds in (0, 600]")
    if not 0 < args.participants <= 1000 or args.interval <= 0:
        parser.error("--participants must be in 1..1000 and --interval positive")
    try:
        import httpx  # noqa: F401
    except ImportError:
        raise SystemExit("bench/load.py needs httpx: pip install httpx") from None
    if args.leg:
        return run_leg(args)

    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    results: dict[str, dict] = {}
    failed = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        for database in databases:
            if database not in {"sqlite", "postgres", "postgres-durable"}:
                parser.error(f"unknown database {database!r}")
            print(f"{database}: {args.participants} participants for {args.seconds:.0f} s")
            result_file = Path(tmp) / f"{database}.json"
            budget = 900 + args.seconds + 4 * args.capacity_seconds
            rc = run_leg_process(leg_command(args, database, result_file), budget)
            if rc or not result_file.exists():
                failed.append(f"{database}: the run failed (exit code {rc})")
                continue
            results[database] = json.loads(result_file.read_text())
    if results:
        print_table(results)
    load1, load5, _ = os.getloadavg()
    print(f"\nmachine: {cores} cores, load average {load1:.1f} (1 min) {load5:.1f} (5 min)")
    missed = failed + [
        m for name, r in results.items() for m in missed_targets(name, r, smoke=args.smoke)
    ]
    if missed:
        print("TARGETS MISSED:\n  " + "\n  ".join(missed))
        return 1
    if args.smoke:
        print(f"load smoke passed: 0 errors, 0 lost saves on {', '.join(results)}")
        return 0
    print(
        f"targets met: {PARTICIPANTS_TARGET} participants, 0 errors, 0 lost saves, "
        f"autosave p95 < {P95_TARGET_MS:.0f} ms on {', '.join(results)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
