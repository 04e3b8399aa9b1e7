"""The certificate's PDF through the task queue, like the workbook's: issuing a certificate
queues its render, the download streams the stored copy or shows the progress page until a
worker has made it, clicks coalesce into one render, a failed render says so and can be tried
again, a correction prints anew, a revocation deletes the copy, and the web process never lays
out a PDF. Only the participant reaches their own certificate's PDF.

The dummy backend (tests/task_queue.py) keeps what was queued until the test runs it;
elsewhere the test settings' immediate backend runs a task where it is queued.
test_task_worker.py has a real `db_worker` render one."""

import io
from datetime import timedelta

import pytest
import weasyprint
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from evaluation import tasks as certificate_tasks
from evaluation.certificates import CERTIFICATE, CertificateDocument
from evaluation.models import Certificate, CertificateRender, CompletionRule, RenderedCertificate
from evaluation.services import certificate_issue, certificate_revoke
from worksheets.pdf import PdfError
from worksheets.tasks import DOWNLOAD_PRIORITY

from .factories import EnrollmentFactory
from .task_queue import DATABASE, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def eligible(enrollment, survey):
    """The participant meets the cohort's rule (no sessions asked, the post-survey sent)."""
    CompletionRule.objects.create(
        cohort=enrollment.cohort, sessions_attended=0, post_survey_done=False
    )
    enrollment.user.display_name = "Dr. Ada Byron"
    enrollment.user.save()
    return enrollment


@pytest.fixture
def facilitator(enrollment):
    return EnrollmentFactory(cohort=enrollment.cohort, role="facilitator")


@pytest.fixture
def renders(monkeypatch):
    """Counts the certificate's renders; each still lays out the real page."""
    calls = []
    real = CertificateDocument.render

    def counting(self, data):
        calls.append(data["name"])
        return real(self, data)

    monkeypatch.setattr(CertificateDocument, "render", counting)
    return calls


@pytest.fixture
def no_layout_here(monkeypatch):
    """WeasyPrint refuses to lay out anything: the web process must not ask it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the web process laid out a PDF")

    monkeypatch.setattr(weasyprint.HTML, "render", refuse)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", refuse)
    monkeypatch.setattr(CertificateDocument, "render", refuse)


def url_of(enrollment):
    return reverse("evaluation:certificate", args=[enrollment.cohort_id])


def poll(client, url, key):
    return client.get(url, {"for": key}, HTTP_HX_REQUEST="true")


def text_of(pdf) -> str:
    """The text of a PDF: a download's response, or its bytes."""
    reader = PdfReader(io.BytesIO(pdf if isinstance(pdf, bytes) else pdf.getvalue()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_issuing_a_certificate_queues_its_render_and_the_download_is_then_instant(
    client, eligible, facilitator, queue, renders
):
    client.force_login(facilitator.user)
    issue = reverse("evaluation:certificate_issue", args=[eligible.cohort_id, eligible.pk])
    assert client.post(issue).status_code == 302

    certificate = Certificate.objects.get(enrollment=eligible)
    [queued] = queue()
    assert queued.task.name == "render_certificate_pdf"
    assert queued.task.priority == certificate_tasks.CERTIFICATE_PRIORITY > DOWNLOAD_PRIORITY
    row = CertificateRender.objects.get(certificate=certificate)
    assert row.state == CertificateRender.State.QUEUED
    assert row.wanted == CERTIFICATE.current_fingerprint(certificate)
    assert renders == []  # issuing rendered nothing

    assert run(queued) == row.wanted  # the worker
    assert renders == ["Dr. Ada Byron"]
    client.force_login(eligible.user)
    download = client.get(url_of(eligible))
    assert download["Content-Type"] == "application/pdf"
    assert certificate.code in text_of(download)
    assert queue() == []  # nothing more to render
    assert renders == ["Dr. Ada Byron"]


def test_issuing_writes_the_render_task_into_the_database_queue_with_the_certificate(
    eligible, no_layout_here
):
    with override_settings(TASKS=DATABASE):
        certificate = certificate_issue(enrollment=eligible, issued_by=None)
        queued = DBTaskResult.objects.get()
    assert queued.task_path == "evaluation.tasks.render_certificate_pdf"
    assert queued.priority == certificate_tasks.CERTIFICATE_PRIORITY
    row = CertificateRender.objects.get(certificate=certificate)
    assert row.task_id == str(queued.id)
    assert queued.args_kwargs["args"] == [row.pk]


def test_a_download_while_the_render_is_pending_shows_progress_then_the_pdf(
    client, eligible, queue, renders
):
    client.force_login(eligible.user)
    url = url_of(eligible)

    page = client.get(url)  # issues the certificate and queues its render

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Preparing your certificate…" in html
    assert 'hx-trigger="every 2s"' in html
    assert f'href="{url}">Refresh</a>' in html  # without JavaScript
    assert '<meta http-equiv="refresh" content="5">' in html
    record = reverse("evaluation:record", args=[eligible.cohort_id])
    assert f'href="{record}">Back to your course record</a>' in html
    certificate = Certificate.objects.get(enrollment=eligible)
    key = CERTIFICATE.current_fingerprint(certificate)
    assert f'hx-get="{url}?for={key}"' in html
    still = poll(client, url, key).content.decode()
    assert "Preparing your certificate…" in still
    assert renders == []

    [queued] = queue()
    run(queued)  # the worker

    ready = poll(client, url, key).content.decode()
    assert "Your certificate is ready" in ready
    assert f'hx-get="{url}?go=1" hx-trigger="load"' in ready
    go = client.get(url, {"go": "1"}, HTTP_HX_REQUEST="true")
    assert (go.status_code, go["HX-Redirect"]) == (204, url)
    download = client.get(url)
    assert download["Content-Disposition"] == (
        'attachment; filename="mentoring-up-certificate-dr-ada-byron.pdf"'
    )
    assert "Dr. Ada Byron" in text_of(download)
    assert renders == ["Dr. Ada Byron"]


def test_many_clicks_and_polls_queue_one_render(client, eligible, queue, no_layout_here):
    client.force_login(eligible.user)
    url = url_of(eligible)
    for _ in range(5):
        page = client.get(url)
        assert "Preparing your certificate…" in page.content.decode()
    key = CERTIFICATE.current_fingerprint(Certificate.objects.get())
    for _ in range(5):
        poll(client, url, key)
    assert len(queue()) == 1
    assert Certificate.objects.count() == 1


def test_the_web_process_never_lays_out_the_certificate(
    client, eligible, facilitator, queue, no_layout_here
):
    client.force_login(facilitator.user)
    issue = reverse("evaluation:certificate_issue", args=[eligible.cohort_id, eligible.pk])
    client.post(issue)
    client.force_login(eligible.user)
    url = url_of(eligible)
    certificate = Certificate.objects.get()
    key = CERTIFICATE.current_fingerprint(certificate)

    # Every way in: the download, a poll, a forged poll, the retry button, a HEAD.
    answers = [
        client.get(url),
        poll(client, url, key),
        poll(client, url, "0" * 64),
        client.post(url),
        client.head(url),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 302, 200]
    assert not RenderedCertificate.objects.exists()
    assert len(queue()) == 1
    # Only the worker lays it out: with WeasyPrint refusing, its render fails and says so.
    with pytest.raises(AssertionError, match="laid out a PDF"):
        run(queue()[0])
    assert CertificateRender.objects.get().state == CertificateRender.State.FAILED


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PdfError("the PDF took longer than 60 s to render"), "longer than the limit of 60"),
        (PdfError("the PDF renderer failed: boom"), "The PDF could not be made."),
    ],
)
def test_a_failed_or_timed_out_render_says_so_and_can_be_tried_again(
    client, eligible, monkeypatch, settings, error, message
):
    settings.PDF_TIME_LIMIT = 60
    real = CertificateDocument.render
    attempts = []

    def failing_then_real(self, data):
        attempts.append(1)
        if len(attempts) == 1:
            raise error
        return real(self, data)

    monkeypatch.setattr(CertificateDocument, "render", failing_then_real)
    client.force_login(eligible.user)
    url = url_of(eligible)

    page = client.get(url)  # issued; the immediate backend runs the render, which fails

    html = page.content.decode()
    assert page.status_code == 200
    assert "Your certificate PDF could not be made" in html
    assert message in html
    assert "its code already checks" in html
    assert f'<form method="post" action="{url}">' in html
    assert "Try again" in html
    certificate = Certificate.objects.get()
    assert client.get(reverse("evaluation:verify", args=[certificate.code])).status_code == 200
    # It stays failed (no new render for each click) until the person tries again.
    assert "Try again" in client.get(url).content.decode()
    assert attempts == [1]

    retried = client.post(url)

    assert (retried.status_code, retried["Location"]) == (302, url)
    download = client.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert certificate.code in text_of(download)
    assert attempts == [1, 1]


def test_a_corrected_name_prints_anew_but_a_renamed_account_does_not(client, eligible, renders):
    client.force_login(eligible.user)
    url = url_of(eligible)
    first = client.get(url).getvalue()
    assert "Dr. Ada Byron" in text_of(first)

    # What a certificate says is fixed when it is issued: the account's name is not printed.
    eligible.user.display_name = "Ada"
    eligible.user.save()
    assert client.get(url).getvalue() == first
    assert renders == ["Dr. Ada Byron"]

    # A correction of the certificate itself (by staff) changes what it prints: a new render.
    Certificate.objects.update(name="Dr. Augusta Ada King")
    second = client.get(url).getvalue()
    assert "Dr. Augusta Ada King" in text_of(second)
    assert "Byron" not in text_of(second)
    assert renders == ["Dr. Ada Byron", "Dr. Augusta Ada King"]
    assert RenderedCertificate.objects.count() == 1


def test_a_changed_issue_date_or_cohort_name_changes_the_fingerprint(eligible):
    certificate = certificate_issue(enrollment=eligible, issued_by=None)
    before = CERTIFICATE.current_fingerprint(certificate)
    certificate.cohort_name = "Spring cohort, renamed"
    assert CERTIFICATE.current_fingerprint(certificate) != before
    certificate.refresh_from_db()
    certificate.issued_at -= timedelta(days=1)
    assert CERTIFICATE.current_fingerprint(certificate) != before


def test_revoking_deletes_the_pdf_and_a_render_under_way_stores_nothing(
    client, eligible, queue, monkeypatch
):
    certificate = certificate_issue(enrollment=eligible, issued_by=None)
    [queued] = queue()
    original = CertificateDocument.render

    def revoked_meanwhile(self, data):
        certificate_revoke(certificate=certificate)  # a facilitator, while the worker renders
        return original(self, data)

    monkeypatch.setattr(CertificateDocument, "render", revoked_meanwhile)
    run(queued)

    assert not RenderedCertificate.objects.exists()
    assert not CertificateRender.objects.exists()
    client.force_login(eligible.user)
    refused = client.get(url_of(eligible))
    assert refused.status_code == 403
    assert "withdrew your certificate" in refused.content.decode()
    assert client.get(reverse("evaluation:verify", args=[certificate.code])).status_code == 404


def test_a_render_queued_before_the_revocation_finds_nothing_to_do(eligible, queue):
    certificate = certificate_issue(enrollment=eligible, issued_by=None)
    [queued] = queue()
    certificate_revoke(certificate=certificate)
    assert run(queued) == "gone"
    assert not RenderedCertificate.objects.exists()


def test_the_check_page_shows_what_is_printed_whatever_the_pdf_is_doing(client, eligible, queue):
    certificate = certificate_issue(enrollment=eligible, issued_by=None)
    check = reverse("evaluation:verify", args=[certificate.code])
    pending = client.get(check)  # nobody signed in; the PDF not made yet
    assert pending.status_code == 200
    assert "This is a valid certificate." in pending.content.decode()
    assert "Dr. Ada Byron" in pending.content.decode()
    run(queue()[0])
    assert client.get(check).content == pending.content


def test_only_the_participant_reaches_their_certificate_pdf(
    client, eligible, facilitator, queue, renders
):
    certificate = certificate_issue(enrollment=eligible, issued_by=None)
    run(queue()[0])
    key = CERTIFICATE.current_fingerprint(certificate)
    url = url_of(eligible)
    classmate = EnrollmentFactory(cohort=eligible.cohort)

    # A classmate asking at the same address, even with the participant's fingerprint, gets
    # their own certificate's page (issued to them, their own render), never this PDF.
    client.force_login(classmate.user)
    for answer in (client.get(url), poll(client, url, key), client.post(url)):
        assert answer.status_code in (200, 302)
        assert not answer.streaming
        assert certificate.code.encode() not in answer.content
    assert Certificate.objects.get(enrollment=classmate).code != certificate.code
    # The facilitator, a participant of another cohort and nobody at all reach nothing.
    outsider = EnrollmentFactory()
    for person in (facilitator.user, outsider.user):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert poll(client, url, key).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert renders == ["Dr. Ada Byron"]


def test_the_own_data_download_says_when_the_certificate_pdf_was_stored(client, eligible):
    certificate = certificate_issue(enrollment=eligible, issued_by=None)  # rendered at once
    client.force_login(eligible.user)
    data = client.get(reverse("accounts:data_download")).json()
    [entry] = data["evaluation"]["certificates"]
    assert entry["code"] == certificate.code
    stored = RenderedCertificate.objects.get(certificate=certificate)
    assert entry["pdf_stored_at"] == stored.rendered_at.isoformat()
