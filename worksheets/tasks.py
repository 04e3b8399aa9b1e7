"""Background work through Django's tasks API (the django-tasks backport on Django 5.2; on
Django 6 `django.tasks` is the same API): the workbook PDFs.

The web process never lays out a PDF. A download that finds no up-to-date stored copy asks for
a render (`request_render`) and shows a progress page; the render runs in a worker
(`manage.py db_worker` with the default database backend). Each workbook (and the blank one,
without an enrollment) has one `PdfRender` row: however many clicks, polls and saves arrive,
they update that row, and it has at most one task queued, whose id it keeps. A render asked for
after edits (`workbook_edited`) waits until the workbook has had no edit for
PDF_SETTLE_SECONDS (the task's `run_after`), so the usual download finds its copy ready.

Every render has the time limit PDF_TIME_LIMIT: the layout runs in a child process of the
worker that is killed when it takes longer (worksheets/pdf/render.py). A failed render stays
failed, with its reason, until the person retries (`retry_render`) or the workbook changes."""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from .models import PdfRender, RenderedWorkbook
from .pdf import store
from .pdf.context import workbook_context
from .pdf.typesetting import render_workbook

logger = logging.getLogger(__name__)

State = PdfRender.State
PENDING = (State.QUEUED, State.RUNNING)
DOWNLOAD_PRIORITY = 10  # someone is waiting on the progress page
SETTLED_PRIORITY = -10  # nobody is waiting: after downloads
DEFAULT_EXPECTED_SECONDS = 10.0


@task(takes_context=True, priority=DOWNLOAD_PRIORITY)
def render_workbook_pdf(context, render_id: int) -> str:
    """Render the workbook of `PdfRender` row `render_id` as it is now and store it."""
    with transaction.atomic():
        row = PdfRender.objects.select_for_update().filter(pk=render_id).first()
        if row is None:
            return "gone"  # the enrollment was deleted
        if row.state != State.QUEUED or row.task_id not in ("", context.task_result.id):
            return "superseded"  # a newer task has this workbook
        now = timezone.now()
        if not row.wanted and row.settle_until and row.settle_until > now:
            _enqueue(row, settle_until=row.settle_until)  # edits came since: wait again
            return "deferred"
        asked = row.wanted
        row.state, row.started_at, row.wanted, row.settle_until = State.RUNNING, now, "", None
        row.save(update_fields=["state", "started_at", "wanted", "settle_until"])
    started = time.monotonic()
    key = ""
    try:
        data = workbook_context(row.enrollment, blank=row.enrollment is None)
        key = store.fingerprint(data)
        if not RenderedWorkbook.objects.filter(enrollment=row.enrollment, fingerprint=key).exists():
            store.store(row.enrollment, key, render_workbook(data))
    except Exception as exc:
        _finish(row.pk, key or asked, started, error=_reason(exc))
        raise  # the task's result says FAILED too, with the traceback
    _finish(row.pk, key, started, error="")
    return key


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "longer than" in text:
        return f"Making the PDF took longer than the limit of {_time_limit():g} seconds."
    return "The PDF could not be made."


def _finish(render_id: int, key: str, started: float, *, error: str) -> None:
    with transaction.atomic():
        row = PdfRender.objects.select_for_update().filter(pk=render_id).first()
        if row is None or row.state != State.RUNNING:
            return
        row.finished_at = timezone.now()
        row.last_seconds = time.monotonic() - started
        if error:
            # It stays failed at this fingerprint until the retry button or an edit.
            row.state, row.error, row.wanted = State.FAILED, error, key
            row.save()
        elif row.wanted and row.wanted != key:
            # Someone downloaded after an edit made during this render: again, at once.
            _enqueue(row, wanted=row.wanted)
        elif row.settle_until:
            _enqueue(row, settle_until=row.settle_until)  # edited meanwhile: once it settles
        else:
            row.state, row.wanted = State.DONE, ""
            row.save()


# --- Asking for renders (the web process) -----------------------------------------------------


@dataclass(frozen=True)
class RenderStatus:
    state: str  # "ready", "queued", "running" or "failed"
    ahead: int = 0  # downloads queued before this one
    elapsed: float = 0.0
    expected: float = DEFAULT_EXPECTED_SECONDS
    error: str = ""

    @property
    def percent(self) -> int:
        """A progress estimate from how long renders take, never 100 before it is done."""
        if self.state == "ready":
            return 100
        if self.state == "queued":
            return 5
        return max(5, min(95, round(100 * self.elapsed / max(self.expected, 1.0))))


def is_stored(enrollment, key: str) -> bool:
    return RenderedWorkbook.objects.filter(enrollment=enrollment, fingerprint=key).exists()


def request_render(enrollment, key: str) -> RenderStatus:
    """A download wants the workbook at fingerprint `key` and found no stored copy of it: queue
    its render unless one is queued or running already, and say how far it is."""
    if is_stored(enrollment, key):
        return RenderStatus("ready")
    row = _row(enrollment)
    if not _needs_queueing(row, key):
        return _status(row, enrollment, key)
    with transaction.atomic():
        row = PdfRender.objects.select_for_update().get(pk=row.pk)
        if _needs_queueing(row, key):
            if row.state in PENDING:
                if row.state == State.QUEUED and not row.wanted:
                    # A render that waits for edits to settle: nobody should wait for that.
                    _enqueue(row, wanted=key)
                else:
                    row.wanted = key
                    row.save(update_fields=["wanted"])
            else:
                _enqueue(row, wanted=key)
    row.refresh_from_db()  # an immediate backend has rendered it already
    return _status(row, enrollment, key)


def retry_render(enrollment, key: str) -> None:
    """The retry button: queue the render again even though it failed for this fingerprint."""
    row = _row(enrollment)
    with transaction.atomic():
        row = PdfRender.objects.select_for_update().get(pk=row.pk)
        if row.state not in PENDING or _stuck(row):
            _enqueue(row, wanted=key)


def workbook_edited(enrollment) -> None:
    """After a save: render the workbook once it has had no edit for PDF_SETTLE_SECONDS, so the
    next download finds it ready. Only with a backend that can run a task later (run_after); a
    queued or running render just has its settling moved on, in one UPDATE."""
    if not default_task_backend.supports_defer:
        return
    # An autosave comes every few seconds while someone types: move the moment on at most
    # every tenth of the settling time (per process), not with a query on each save.
    moment = time.monotonic()
    if moment - _marked.get(enrollment.pk, -1e9) < settings.PDF_SETTLE_SECONDS / 10:
        return
    if len(_marked) > 10_000:
        _marked.clear()
    _marked[enrollment.pk] = moment
    settle = timezone.now() + timedelta(seconds=settings.PDF_SETTLE_SECONDS)
    pending = PdfRender.objects.filter(enrollment=enrollment, state__in=PENDING)
    if pending.update(settle_until=settle):
        return
    row = _row(enrollment)
    with transaction.atomic():
        row = PdfRender.objects.select_for_update().get(pk=row.pk)
        if row.state in PENDING:
            row.settle_until = settle
            row.save(update_fields=["settle_until"])
        else:
            _enqueue(row, settle_until=settle)


_marked: dict[int, float] = {}  # enrollment id: when this process last moved its settling on


def forget_marks() -> None:
    """For tests: forget when each workbook's settling was moved on."""
    _marked.clear()


def _row(enrollment) -> PdfRender:
    return PdfRender.objects.get_or_create(enrollment=enrollment)[0]


def _needs_queueing(row: PdfRender, key: str) -> bool:
    if row.state in PENDING:
        if _stuck(row):
            _mark_stuck(row)
            return False  # shown as failed, with the retry button
        return row.wanted != key  # the running or queued render is told what is wanted
    if row.state == State.FAILED:
        return row.wanted != key  # the workbook changed since: worth another try
    return True  # done, but not at this fingerprint


def _enqueue(row: PdfRender, *, wanted: str = "", settle_until=None) -> None:
    """Queue the row's one task (in the caller's transaction: with the database backend the
    task and the row are written together). A task queued earlier for the row finds another id
    in `task_id` when it runs, and does nothing."""
    now = timezone.now()
    row.state, row.wanted, row.settle_until, row.task_id = State.QUEUED, wanted, settle_until, ""
    row.queued_at, row.started_at, row.error = now, None, ""
    row.save()
    job = render_workbook_pdf
    if settle_until is not None and not wanted:
        job = job.using(priority=SETTLED_PRIORITY, run_after=settle_until)
    result = job.enqueue(row.pk)
    # An immediate backend has run the task already and left the row DONE or FAILED.
    PdfRender.objects.filter(pk=row.pk, task_id="").update(task_id=result.id)
    row.refresh_from_db()


def _time_limit() -> float:
    return float(getattr(settings, "PDF_TIME_LIMIT", 60))


def _stuck(row: PdfRender) -> bool:
    """A render that cannot finish any more: its worker was stopped in the middle, or the task
    failed outside the render (the backend says so)."""
    now = timezone.now()
    if row.state == State.RUNNING and row.started_at:
        return row.started_at < now - timedelta(seconds=2 * _time_limit() + 30)
    if row.state == State.QUEUED and row.task_id and default_task_backend.supports_get_result:
        try:
            result = default_task_backend.get_result(row.task_id)
        except TaskResultDoesNotExist:
            return row.queued_at is not None and row.queued_at < now - timedelta(minutes=1)
        return result.status == TaskResultStatus.FAILED
    return False


def _mark_stuck(row: PdfRender) -> None:
    PdfRender.objects.filter(pk=row.pk, state=row.state, task_id=row.task_id).update(
        state=State.FAILED, error="The PDF could not be made: its render stopped unexpectedly."
    )
    row.refresh_from_db()


def _status(row: PdfRender, enrollment, key: str) -> RenderStatus:
    if is_stored(enrollment, key):
        return RenderStatus("ready")
    expected = row.last_seconds or _typical_seconds()
    if row.state == State.FAILED:
        return RenderStatus("failed", error=row.error or "The PDF could not be made.")
    if row.state == State.RUNNING:
        elapsed = (timezone.now() - row.started_at).total_seconds() if row.started_at else 0.0
        return RenderStatus("running", elapsed=elapsed, expected=expected)
    if row.state == State.QUEUED:
        ahead = (
            PdfRender.objects.filter(state=State.QUEUED, queued_at__lt=row.queued_at)
            .exclude(wanted="")
            .count()
        )
        return RenderStatus("queued", ahead=ahead, expected=expected)
    # Done at another fingerprint, with no render queued: only when the workbook changed
    # between the check and now; the next poll queues it.
    return RenderStatus("queued", expected=expected)


def _typical_seconds() -> float:
    average = PdfRender.objects.filter(last_seconds__isnull=False).aggregate(Avg("last_seconds"))
    return average["last_seconds__avg"] or DEFAULT_EXPECTED_SECONDS
