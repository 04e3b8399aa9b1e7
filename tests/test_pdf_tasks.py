"""The PDF through the task queue: the web process streams stored copies and queues renders,
one per workbook however many clicks and saves arrive; a worker renders them.

Most tests use the dummy backend, which keeps what was queued without running it (the test
runs it when it wants, as a worker would), or the immediate backend of the test settings;
test_task_worker.py runs the database backend with a real `db_worker` process."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sessions_app.models import Module, Prompt
from worksheets import pdf, tasks
from worksheets.models import PdfRender, RenderedWorkbook
from worksheets.pdf import PdfError

from .browser import autosave_url, module_url, page_data
from .task_queue import DATABASE, run

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 a fake workbook"


@pytest.fixture(autouse=True)
def _fresh_marks():
    tasks.forget_marks()


@pytest.fixture
def fake_render(monkeypatch):
    """Renders in no time; the real layout has tests of its own (test_pdf*.py)."""
    calls = []

    def render(context, **kwargs):
        calls.append(context["participant"])
        return FAKE_PDF

    monkeypatch.setattr(pdf, "render_workbook", render)
    return calls


@pytest.fixture
def no_render_here(monkeypatch):
    def render(context, **kwargs):
        raise AssertionError("the web process rendered a PDF")

    monkeypatch.setattr(pdf, "render_workbook", render)


def url_of(enrollment):
    return f"/cohorts/{enrollment.cohort_id}/workbook.pdf"


def poll(client, url, key):
    return client.get(url, {"for": key}, HTTP_HX_REQUEST="true")


def test_an_up_to_date_workbook_streams_its_stored_copy(
    participant_client, enrollment, no_render_here
):
    pdf.WORKBOOK.store(enrollment, pdf.WORKBOOK.current_fingerprint(enrollment), FAKE_PDF)

    response = participant_client.get(url_of(enrollment))

    assert response.status_code == 200
    assert response.streaming
    assert response.getvalue() == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert not PdfRender.objects.filter(state__in=tasks.PENDING).exists()


def test_a_download_while_the_render_is_pending_shows_progress_then_the_pdf(
    participant_client, enrollment, queue, fake_render
):
    url = url_of(enrollment)
    page = participant_client.get(url)

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "Preparing your workbook…" in html
    assert 'hx-trigger="every 2s"' in html
    assert f'href="{url}">Refresh</a>' in html  # without JavaScript
    key = pdf.WORKBOOK.current_fingerprint(enrollment)
    assert f'hx-get="{url}?for={key}"' in html
    assert len(queue()) == 1

    # More clicks and polls queue nothing more.
    participant_client.get(url)
    still = poll(participant_client, url, key)
    assert "Preparing your workbook…" in still.content.decode()
    assert len(queue()) == 1
    assert fake_render == []  # the web process rendered nothing

    run(queue()[0])  # the worker

    ready = poll(participant_client, url, key).content.decode()
    assert "Your workbook is ready" in ready
    assert f'hx-get="{url}?go=1" hx-trigger="load"' in ready
    go = participant_client.get(url, {"go": "1"}, HTTP_HX_REQUEST="true")
    assert go.status_code == 204
    assert go["HX-Redirect"] == url
    download = participant_client.get(url)
    assert download.getvalue() == FAKE_PDF
    assert len(fake_render) == 1
    assert PdfRender.objects.get(enrollment=enrollment).state == PdfRender.State.DONE


def test_the_database_backend_queues_and_the_web_process_never_renders(
    participant_client, enrollment, no_render_here
):
    with override_settings(TASKS=DATABASE):
        for _ in range(5):
            page = participant_client.get(url_of(enrollment))
            assert "Preparing your workbook…" in page.content.decode()
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "worksheets.tasks.render_workbook_pdf"
        assert queued.priority == tasks.DOWNLOAD_PRIORITY
        row = PdfRender.objects.get(enrollment=enrollment)
        assert row.task_id == str(queued.id)
        assert row.state == PdfRender.State.QUEUED


def ten_autosaves(client, enrollment):
    module = Module.objects.in_course_order().first()
    prompt = Prompt.objects.active().filter(section__module=module).first()
    data = page_data(client.get(module_url(enrollment, module)))
    field = f"s{prompt.section_id}-answers-p{prompt.pk}"
    for number in range(10):
        data[field] = f"Draft number {number}"
        response = client.post(autosave_url(enrollment, module), data, HTTP_HX_REQUEST="true")
        assert response["X-Autosave"] == "saved"
        # The page takes the new versions from the out-of-band inputs, as htmx does.
        for name in (f"{field}-version", f"{field}-shown"):
            marker = f'name="{name}" id="id_{name}" value="'
            start = response.content.decode().index(marker) + len(marker)
            data[name] = response.content.decode()[start:].split('"', 1)[0]


def test_ten_saves_in_a_row_queue_one_render_once_the_edits_settle(
    participant_client, enrollment, queue, fake_render, settings
):
    settings.PDF_SETTLE_SECONDS = 120
    before = timezone.now()

    ten_autosaves(participant_client, enrollment)

    [queued] = queue()
    assert queued.task.priority == tasks.SETTLED_PRIORITY
    assert queued.task.run_after >= before + timedelta(seconds=119)
    row = PdfRender.objects.get(enrollment=enrollment)
    assert row.state == PdfRender.State.QUEUED
    assert row.settle_until > queued.task.run_after - timedelta(seconds=1)
    # A worker that reaches it before the last edit has settled waits again, without rendering.
    assert run(queued) == "deferred"
    assert fake_render == []
    [again] = queue()
    # More saves after that (in a later tenth of the settling time) move it on again, in one
    # UPDATE each, and queue nothing.
    tasks.forget_marks()
    tasks.workbook_edited(enrollment)
    assert queue() == [again]
    # Once settled, it renders what the workbook shows, and the download is instant.
    PdfRender.objects.update(settle_until=timezone.now() - timedelta(seconds=1))
    assert run(again) == pdf.WORKBOOK.current_fingerprint(enrollment)
    assert fake_render == [str(enrollment.user)]
    assert participant_client.get(url_of(enrollment)).getvalue() == FAKE_PDF


def test_a_download_does_not_wait_for_the_edits_to_settle(
    participant_client, enrollment, queue, fake_render
):
    tasks.workbook_edited(enrollment)
    [settling] = queue()

    participant_client.get(url_of(enrollment))

    assert len(queue()) == 2
    assert run(settling) == "superseded"  # the earlier task finds another id on the row
    now = next(r for r in queue() if r is not settling)
    assert now.task.run_after is None
    assert now.task.priority == tasks.DOWNLOAD_PRIORITY
    run(now)
    assert participant_client.get(url_of(enrollment)).getvalue() == FAKE_PDF
    assert len(fake_render) == 1


def test_an_edit_during_a_render_renders_again_after_it(
    participant_client, enrollment, queue, monkeypatch
):
    participant_client.get(url_of(enrollment))
    [first] = queue()

    def render_while_someone_types(context, **kwargs):
        tasks.workbook_edited(enrollment)
        return FAKE_PDF

    monkeypatch.setattr(pdf, "render_workbook", render_while_someone_types)
    run(first)

    [later] = queue()
    assert later.task.run_after is not None  # once the edit settles
    assert PdfRender.objects.get(enrollment=enrollment).state == PdfRender.State.QUEUED


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PdfError("the workbook took longer than 60 s to render"), "longer than the limit"),
        (PdfError("the PDF renderer failed: boom"), "The PDF could not be made."),
    ],
)
def test_a_failed_or_timed_out_render_says_so_and_can_be_retried(
    participant_client, enrollment, monkeypatch, error, message
):
    def failing(context, **kwargs):
        raise error

    monkeypatch.setattr(pdf, "render_workbook", failing)
    url = url_of(enrollment)

    page = participant_client.get(url)  # the immediate backend runs the render at once

    html = page.content.decode()
    assert page.status_code == 200
    assert "could not be made" in html
    assert message in html
    assert f'<form method="post" action="{url}">' in html
    assert "Try again" in html
    # It stays failed (no new render for each click) until the person retries.
    attempts = []
    monkeypatch.setattr(pdf, "render_workbook", lambda c, **k: attempts.append(1) or FAKE_PDF)
    assert "Try again" in participant_client.get(url).content.decode()
    assert attempts == []

    retried = participant_client.post(url)

    assert retried.status_code == 302
    assert retried["Location"] == url
    assert participant_client.get(url).getvalue() == FAKE_PDF
    assert attempts == [1]


def test_a_render_whose_worker_died_shows_the_retry_button(
    participant_client, enrollment, queue, settings
):
    participant_client.get(url_of(enrollment))
    assert len(queue()) == 1
    long_ago = timezone.now() - timedelta(seconds=3 * settings.PDF_TIME_LIMIT)
    PdfRender.objects.update(state=PdfRender.State.RUNNING, started_at=long_ago)

    html = participant_client.get(url_of(enrollment)).content.decode()

    assert "could not be made" in html
    assert "stopped unexpectedly" in html
    assert "Try again" in html
    participant_client.post(url_of(enrollment))
    assert len(queue()) == 2


def test_the_blank_workbook_is_rendered_once_per_curriculum_version(
    client, enrollment, queue, fake_render
):
    from .factories import EnrollmentFactory

    for person in (enrollment, EnrollmentFactory(), EnrollmentFactory()):
        client.force_login(person.user)
        page = client.get("/workbook/blank.pdf")
        assert "Preparing your workbook…" in page.content.decode()
    [queued] = queue()
    run(queued)
    assert RenderedWorkbook.objects.filter(enrollment=None).count() == 1
    download = client.get("/workbook/blank.pdf")
    assert download.getvalue() == FAKE_PDF
    assert download["Content-Disposition"].endswith('filename="mentoring-up-workbook-blank.pdf"')
    assert fake_render == [""]


def test_a_deleted_enrollment_leaves_nothing_to_render(participant_client, enrollment, queue):
    participant_client.get(url_of(enrollment))
    [queued] = queue()
    enrollment.delete()
    assert run(queued) == "gone"


def test_a_poll_with_a_forged_fingerprint_is_computed_again(participant_client, enrollment, queue):
    response = poll(participant_client, url_of(enrollment), "not-a-fingerprint")
    assert response.status_code == 200
    assert pdf.WORKBOOK.current_fingerprint(enrollment) in response.content.decode()
