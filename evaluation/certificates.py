"""The certificate: what it says (fixed when it is issued) and its PDF.

The PDF is a kind of stored document like the workbook (worksheets/pdf/store.py): a task worker
renders it when the certificate is issued (evaluation/tasks.py), the download streams the
stored copy, and the copy is made again whenever what it prints changes."""

import functools
from pathlib import Path

import yaml
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from worksheets.pdf import StoredDocument, render_page
from worksheets.pdf.store import TYPESETTING_FILES

from .models import CertificateRender, RenderedCertificate

TEMPLATE = "evaluation/certificate_pdf.html"


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


def verify_url(certificate) -> str:
    """The public address of the certificate's check page, as printed on it (SITE_URL: the
    worker that prints it has no request to take the host from)."""
    return settings.SITE_URL + certificate.get_absolute_url()


class CertificateDocument(StoredDocument):
    """A certificate's PDF (the owner is the Certificate). A revoked certificate's copy is
    deleted (`certificate_revoke`); a corrected one prints anew."""

    copies = RenderedCertificate
    renders = CertificateRender
    owner_field = "certificate"
    task_path = "evaluation.tasks.render_certificate_pdf"
    expected_seconds = 2.0

    def data(self, certificate) -> dict:
        return {
            "name": certificate.name,
            "course": certificate.course,
            "cohort": certificate.cohort_name,
            "dates": certificate.dates,
            "facilitators": certificate.facilitators,
            "issued_on": date_format(timezone.localtime(certificate.issued_at).date(), "j F Y"),
            "code": certificate.code,
            "verify_url": verify_url(certificate),
        }

    def render(self, data: dict) -> bytes:
        return render_page(render_to_string(TEMPLATE, {"certificate": data}))

    def layout_files(self) -> list[Path]:
        return [*TYPESETTING_FILES, Path(get_template(TEMPLATE).origin.name), Path(__file__)]

    def filename(self, certificate) -> str:
        name = slugify(certificate.name)[:60] or "participant"
        return f"mentoring-up-certificate-{name}.pdf"


CERTIFICATE = CertificateDocument()
