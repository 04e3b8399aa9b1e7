"""The end of session 5: N participants with full workbooks press Download at once while others
autosave (run: .venv/bin/python bench/burst.py [--downloads 30] [--autosavers 100]).

For each database (SQLite in WAL mode, then a throw-away PostgreSQL 15 through
scripts/with-postgres; --databases picks) the script builds a fresh database with one cohort:
--downloads participants whose workbooks are filled in completely (the demo workbook's
answers and worksheets) and --autosavers participants who autosave one answer every 2 s, as
bench/load.py does (its code is reused). It starts gunicorn (production settings, as
bench/load.py) and --task-workers `manage.py db_worker` processes at nice 10 (as the README
deploys them), lets everyone log in, then starts the autosaves, and a few seconds later every
downloader presses Download at the same moment and follows the page as the browser does: the
progress page, a poll every 2 s, then the PDF. /health/ is fetched every 0.25 s throughout.

It prints downloads ok / failed, the time from the press to the PDF (p50, max), autosave p95 and
/health/ max during the burst, the peak memory (RSS) of the server and of the workers, and the
workers' CPU time per render. Targets: 0 failed, autosave p95 < 300 ms, /health/ max < 1 s, and
the last PDF within 1.2 x (N x one render's CPU time / task workers) + 5 s. Exits 1 when a
target is missed. Only 127.0.0.1 is ever contacted."""

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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load

ROOT = load.ROOT
HOST = load.HOST
POLL = re.compile(r'hx-get="([^"?]+)\?for=([0-9a-f]{64})" hx-trigger="every 2s"')


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    for child in [pid, *descendants(pid)]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                children.setdefault(load.parent_pid(int(entry.name)), []).append(int(entry.name))
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.append(child)
            frontier.append(child)
    return found


def build_burst_world(args) -> dict:
    import yaml
    from django.contrib.auth import get_user_model
    from django.db import connections

    from sessions_app.models import Cohort
    from sessions_app.services import enrollment_join
    from worksheets import demo

    world = load.build_world(argparse.Namespace(participants=args.autosavers, module=""))
    cohort = Cohort.objects.get(pk=world["cohort_id"])
    workbook = yaml.safe_load(demo.DEMO_WORKBOOK.read_text(encoding="utf-8"))["modules"]
    User = get_user_model()
    hashed = User.objects.get(email=world["emails"][0]).password
    downloaders = []
    for n in range(1, args.downloads + 1):
        email = f"downloader{n}@example.org"
        user = User.objects.create(email=email, display_name=f"Downloader {n}", password=hashed)
        enrollment = enrollment_join(cohort=cohort, user=user)
        demo._fill_answers(enrollment, workbook)
        demo._fill_worksheets(enrollment, workbook)
        downloaders.append(email)
    connections.close_all()
    world["downloaders"] = downloaders
    return world


async def download(client, cohort_id: int, results: list, pressed: float):
    url = f"/cohorts/{cohort_id}/workbook.pdf"
    try:
        response = await client.get(url)
        while response.headers.get("content-type", "").startswith("text/html"):
            text = response.text
            if "could not be made" in text:
                results.append(("failed", time.perf_counter() - pressed))
                return
            match = POLL.search(text)
            if "Your workbook is ready" in text or not match:
                response = await client.get(url)
                continue
            await asyncio.sleep(2)
            response = await client.get(
                url, params={"for": match[2]}, headers={"HX-Request": "true"}
            )
        ok = response.status_code == 200 and response.content.startswith(b"%PDF")
        results.append(("ok" if ok else "failed", time.perf_counter() - pressed))
    except Exception as exc:  # counted, not raised: the bench reports every failure
        results.append((f"failed: {type(exc).__name__}", time.perf_counter() - pressed))


async def health_probe(base_url: str, stop: asyncio.Event, latencies: list):
    async with load.new_client(base_url) as client:
        while not stop.is_set():
            start = time.perf_counter()
            try:
                response = await client.get("/health/")
                latencies.append(time.perf_counter() - start if response.status_code == 200 else 99)
            except Exception:
                latencies.append(99.0)
            await asyncio.sleep(0.25)


async def memory_probe(pids: dict[str, list[int]], stop: asyncio.Event, peaks: dict):
    while not stop.is_set():
        for name, group in pids.items():
            peaks[name] = max(peaks.get(name, 0), sum(rss_kib(pid) for pid in group))
        await asyncio.sleep(0.5)


async def run_burst(args, base_url: str, world: dict, pids: dict) -> dict:
    from worksheets.forms import fingerprint

    savers = [
        load.Participant(
            n, email, world["cohort_id"], world["module"], world["key"], base_url, fingerprint
        )
        for n, email in enumerate(world["emails"], start=1)
    ]
    downloaders = [
        load.Participant(n, email, world["cohort_id"], world["module"], "", base_url, fingerprint)
        for n, email in enumerate(world["downloaders"], start=1)
    ]
    login = load.Phase("login", started=time.perf_counter())
    gate = asyncio.Semaphore(4)

    async def log_in(person, *, page=True):
        async with gate:
            with contextlib.suppress(load.Unexpected):
                if page:
                    await person.log_in(login)
                else:
                    await log_in_only(person, login)

    await asyncio.gather(
        *(log_in(p) for p in savers), *(log_in(p, page=False) for p in downloaders)
    )
    login.ended = time.perf_counter()
    print(f"  {len(savers) + len(downloaders)} logged in in {login.seconds:.1f} s")

    stop = asyncio.Event()
    health: list[float] = []
    peaks: dict[str, int] = {}
    probes = [
        asyncio.create_task(health_probe(base_url, stop, health)),
        asyncio.create_task(memory_probe(pids, stop, peaks)),
    ]
    phase = load.Phase("burst", started=time.perf_counter())
    rng = random.Random(1)
    saver_args = argparse.Namespace(
        interval=2.0, seconds=args.seconds, reload_every=15, text_bytes=400
    )
    deadline = phase.started + args.seconds
    saving = [
        asyncio.create_task(load.paced(p, phase, saver_args, deadline, random.Random(rng.random())))
        for p in savers
        if p.fields
    ]
    await asyncio.sleep(3)
    cpu_before = sum(load.tree_cpu_seconds(pid) for pid in pids["workers"])
    results: list = []
    pressed = time.perf_counter()
    health_from = len(health)
    await asyncio.wait_for(
        asyncio.gather(
            *(download(p.client, world["cohort_id"], results, pressed) for p in downloaders)
        ),
        timeout=args.seconds + 600,
    )
    burst_seconds = time.perf_counter() - pressed
    worker_cpu = sum(load.tree_cpu_seconds(pid) for pid in pids["workers"]) - cpu_before
    health_during = health[health_from:]
    await asyncio.gather(*saving)
    stop.set()
    await asyncio.gather(*probes)
    for person in savers + downloaders:
        await person.close()
    times = [seconds for _, seconds in results]
    autosaves = sorted(ms / 1000 for ms in phase.latencies.get("autosave", []))
    return {
        "downloads_ok": sum(1 for outcome, _ in results if outcome == "ok"),
        "downloads_failed": sum(1 for outcome, _ in results if outcome != "ok"),
        "ready_p50": statistics.median(times) if times else 0,
        "ready_max": max(times, default=0),
        "burst_seconds": burst_seconds,
        "worker_cpu_per_render": worker_cpu / max(len(results), 1),
        "autosaves": len(autosaves),
        "autosave_p95": load.percentile(autosaves, 95) if autosaves else 0,
        "autosave_errors": dict(phase.errors),
        "health_max": max(health_during, default=0),
        "peak_rss_mib": {name: kib / 1024 for name, kib in peaks.items()},
    }


async def log_in_only(person, phase):
    page = await person.request(phase, "page", "GET", "/accounts/login/", 200)
    data = {"csrfmiddlewaretoken": load.csrf_token(page.text), "username": person.email}
    data["password"] = load.PASSWORD
    await person.request(phase, "login", "POST", "/accounts/login/", 302, data=data)
    person.fields = [("logged in", "")]


def start_workers(args, tmp: Path, env: dict) -> list[subprocess.Popen]:
    workers = []
    for n in range(args.task_workers):
        log = open(tmp / f"worker{n}.log", "wb")  # noqa: SIM115 -- closed with the process
        # Niced, as the README deploys them (systemd's Nice=10, the Procfile's nice -n 10).
        command = ["nice", "-n", "10", sys.executable, "manage.py", "db_worker"]
        command += ["--no-reload", "--interval", "0.2"]
        workers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


def run_leg(args) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = args.leg
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-burst-{database}-"))
    (tmp / "bench_settings.py").write_text(
        "from mentoring.settings import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(tmp / 'static')!r}\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_LOG_FORMAT": "text",
        "PDF_RENDER_PROCESSES": str(args.render_processes),
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
    }
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    os.environ.clear()
    os.environ.update(env)
    sys.path[:0] = [str(tmp), str(ROOT)]
    server, workers = None, []
    try:
        import django

        django.setup()
        started = time.perf_counter()
        world = build_burst_world(args)
        print(f"  {database}: set up in {time.perf_counter() - started:.1f} s")
        port = load.free_port()
        base_url = f"http://{HOST}:{port}"
        gunicorn_args = argparse.Namespace(
            workers=args.web_workers, worker_class="gthread", threads=4
        )
        server = load.start_gunicorn(gunicorn_args, tmp, env, port)
        load.wait_ready(server, base_url)
        workers = start_workers(args, tmp, env)
        pids = {"server": [server.pid], "workers": [w.pid for w in workers]}
        result = asyncio.run(run_burst(args, base_url, world, pids))
        result.update(database=database, downloads=args.downloads, autosavers=args.autosavers)
        result.update(task_workers=args.task_workers, render_processes=args.render_processes)
        Path(args.result_file).write_text(json.dumps(result, indent=2))
        return 0
    finally:
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        if server is not None:
            load.stop_gunicorn(server)
        shutil.rmtree(tmp, ignore_errors=True)


def missed_targets(result: dict) -> list[str]:
    missed = []
    budget = (
        1.2 * (result["downloads"] * result["worker_cpu_per_render"] / result["task_workers"]) + 5
    )
    if result["downloads_failed"]:
        missed.append(f"{result['downloads_failed']} downloads failed (target 0)")
    if result["autosave_p95"] >= 0.3:
        missed.append(f"autosave p95 {result['autosave_p95'] * 1000:.0f} ms (target < 300 ms)")
    if result["health_max"] >= 1:
        missed.append(f"/health/ max {result['health_max']:.2f} s (target < 1 s)")
    if result["ready_max"] > budget:
        missed.append(f"last PDF after {result['ready_max']:.1f} s (target {budget:.1f} s)")
    return missed


def main() -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--downloads", type=int, default=30)
    parser.add_argument("--autosavers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30.0, help="autosaving, at least")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--web-workers", type=int, default=cores + 1)
    parser.add_argument("--task-workers", type=int, default=cores)
    parser.add_argument("--render-processes", type=int, default=1)
    parser.add_argument("--leg", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        return run_leg(args)
    failed, results = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-burst-") as tmp:
        for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
            print(f"{database}: {args.downloads} downloads at once, {args.autosavers} autosaving")
            result_file = Path(tmp) / f"{database}.json"
            command = [sys.executable, str(Path(__file__).resolve()), "--leg", database]
            command += ["--result-file", str(result_file)]
            for name in ("downloads", "autosavers", "seconds", "web_workers", "task_workers"):
                command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
            command += ["--render-processes", str(args.render_processes)]
            if database == "postgres":
                command = [str(ROOT / "scripts" / "with-postgres"), *command]
            rc = load.run_leg_process(command, 1800 + args.seconds)
            if rc or not result_file.exists():
                failed.append(f"{database}: the run failed (exit code {rc})")
                continue
            results[database] = json.loads(result_file.read_text())
    for database, r in results.items():
        print(f"\n{database}: {r['task_workers']} task workers x {r['render_processes']} process")
        print(f"  downloads ok / failed: {r['downloads_ok']} / {r['downloads_failed']}")
        print(f"  PDF ready after p50 {r['ready_p50']:.1f} s, max {r['ready_max']:.1f} s")
        print(f"  worker CPU per render: {r['worker_cpu_per_render']:.2f} s")
        print(
            f"  autosave p95 during the burst: {r['autosave_p95'] * 1000:.0f} ms "
            f"({r['autosaves']} autosaves, errors {r['autosave_errors'] or 0})"
        )
        print(f"  /health/ max during the burst: {r['health_max'] * 1000:.0f} ms")
        peaks = ", ".join(f"{k} {v:.0f} MiB" for k, v in r["peak_rss_mib"].items())
        print(f"  peak memory (RSS): {peaks}")
    load1, load5, _ = os.getloadavg()
    print(f"\nmachine: {cores} cores, load average {load1:.1f} (1 min) {load5:.1f} (5 min)")
    missed = failed + [f"{d}: {m}" for d, r in results.items() for m in missed_targets(r)]
    if missed:
        print("TARGETS MISSED:\n  " + "\n  ".join(missed))
        return 1
    print("targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
