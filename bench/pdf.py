"""Benchmark of the workbook PDF (run: .venv/bin/python bench/pdf.py).

Builds a throw-away SQLite database with the curriculum and the demo cohort, then prints:
- the median seconds to render the full demo workbook (context, template and WeasyPrint), with
  the CPU seconds of all its processes, and the same rendered whole in one process,
- its page count,
- the ratio to WeasyPrint rendering a plain document with the same text in the same run, and
  the CPU seconds of one render of each (the workbook's in all its processes),
- the median milliseconds of a cached download through Django (the stored copy).
Targets on the 2-core machine: median <= 2.5 s, ratio <= 1.5, cached download <= 50 ms.
"""

import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils.html import escape  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from sessions_app.models import Enrollment  # noqa: E402
from worksheets.demo import PARTICIPANT  # noqa: E402
from worksheets.pdf import render_workbook, workbook_pdf  # noqa: E402
from worksheets.pdf.context import workbook_context  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def timed(function, runs):
    seconds = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the renderers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plain_document(text: str, font_size: float) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (
        "<html><head><style>@page { size: A4; margin: 2cm } body { font-family: 'DejaVu Serif';"
        f" font-size: {font_size:.2f}pt; line-height: 1.45 }}</style></head><body>"
        f"{paragraphs}</body></html>"
    )


def plain_document_like(text: str, pages: int) -> tuple[str, int]:
    """The same text as plain paragraphs, its font size tuned to give about the same page count."""
    font_size = 10.5
    for _ in range(5):
        html = plain_document(text, font_size)
        got = len(PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages)
        if abs(got - pages) <= 1:
            break
        font_size *= (pages / got) ** 0.5
    return html, got


def main():
    call_command("migrate", verbosity=0)
    call_command("load_curriculum", verbosity=0)
    call_command("seed_demo", verbosity=0)
    enrollment = Enrollment.objects.get(user__email=PARTICIPANT["email"])

    def full_render():
        return render_workbook(workbook_context(enrollment))

    full_render()  # warm-up: fonts, templates
    cpu_before = cpu_seconds()
    workbook_seconds, content = timed(full_render, RUNS)
    workbook_cpu = (cpu_seconds() - cpu_before) / RUNS
    with override_settings(PDF_RENDER_PROCESSES=1):
        whole_seconds, _ = timed(full_render, RUNS)
    reader = PdfReader(io.BytesIO(content))
    pages = len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)

    plain_html, plain_pages = plain_document_like(text, pages)
    cpu_before = cpu_seconds()
    plain_seconds, _ = timed(lambda: HTML(string=plain_html).write_pdf(), RUNS)
    plain_cpu = (cpu_seconds() - cpu_before) / RUNS

    workbook_pdf(enrollment)  # store the copy
    client = Client(HTTP_HOST="localhost")  # a host the default settings allow
    client.force_login(enrollment.user)
    url = f"/cohorts/{enrollment.cohort_id}/workbook.pdf"
    cached_seconds, response = timed(lambda: client.get(url), 20)
    assert response.status_code == 200

    ratio = workbook_seconds / plain_seconds
    processes = settings.PDF_RENDER_PROCESSES
    print(f"demo workbook render, median of {RUNS}: {workbook_seconds:.2f} s (target <= 2.5 s)")
    print(f"  modules in {processes} parts side by side; CPU, all processes: {workbook_cpu:.2f} s")
    print(f"  rendered whole in one process: {whole_seconds:.2f} s")
    print(f"pages: {pages}; characters of text: {len(text):,}")
    print(f"plain document, same text: {plain_seconds:.2f} s, {plain_pages} pages")
    print(f"ratio workbook / plain: {ratio:.2f} (target <= 1.5)")
    print(
        f"CPU time of one render: workbook {workbook_cpu:.2f} s, plain document {plain_cpu:.2f} s"
        f" (ratio {workbook_cpu / plain_cpu:.2f})"
    )
    print(f"cached download, median of 20: {cached_seconds * 1000:.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
