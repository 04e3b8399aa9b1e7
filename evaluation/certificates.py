"""The certificate: what it says (fixed when it is issued) and its PDF.

It is one page, so WeasyPrint renders it within the request (about a tenth of a second);
the workbook's PDFs, far longer, go through the task queue."""

import functools
from pathlib import Path

import yaml
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from weasyprint import HTML

from worksheets.pdf.fetcher import BASE_URL, StaticOnlyFetcher

from .models import Certificate


def course_title() -> str:
    path = Path(settings.CURRICULUM_PATH)
    return _course_title(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _course_title(path: Path, modified_ns: int) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("title", "Mentoring Up")


def course_dates(cohort) -> str:
    """From the first session to the last (as scheduled, else as opened), as printed:
    "3 March 2026 to 7 April 2026"."""
    moments = (e.starts_at or e.opened_at for e in cohort.schedule.all())
    starts = sorted(moment for moment in moments if moment)
    if not starts:
        return ""
    first, last = (timezone.localtime(moment).date() for moment in (starts[0], starts[-1]))
    if first == last:
        return date_format(first, "j F Y")
    return f"{date_format(first, 'j F Y')} to {date_format(last, 'j F Y')}"


def facilitator_names(cohort) -> str:
    people = cohort.enrollments.facilitators().select_related("user")
    return ", ".join(sorted(e.user.display_name or e.user.email for e in people))


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    html = render_to_string(
        "evaluation/certificate_pdf.html", {"certificate": certificate, "verify_url": verify_url}
    )
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
