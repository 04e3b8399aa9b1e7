"""Background work through Django's tasks API (the django-tasks backport on Django 5.2; on
Django 6 `django.tasks` is the same API): the PDFs of every kind of stored document (the
workbooks here, the certificates in evaluation/tasks.py; see worksheets/pdf/store.py).

The web process never lays out a PDF. A download that finds no up-to-date stored copy asks for
a render (`request_render`) and shows a progress page (worksheets/downloads.py); the render runs
in a worker (`manage.py db_worker` with the default database backend). Each document (a
workbook, the blank one, a certificate) has one render row: however many clicks, polls and saves
arrive, they update that row, and it has at most one task queued, whose id it keeps. A workbook
render asked for after edits (`workbook_edited`) waits until the workbook has had no edit for
PDF_SETTLE_SECONDS (the task's `run_after`), so the usual download finds its copy ready.

Every render has the time limit PDF_TIME_LIMIT: the layout runs in a child process of the
worker that is killed when it takes longer (worksheets/pdf/render.py). A failed render stays
failed, with its reason, until the person retries (`retry_render`) or the document changes."""

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

from .models import DocumentRender, PdfRender
from .pdf import WORKBOOK, StoredDocument

logger = logging.getLogger(__name__)

State = DocumentRender.State
PENDING = (State.QUEUED, State.RUNNING)
DOWNLOAD_PRIORITY = 10  # someone is waiting on the progress page
SETTLED_PRIORITY = -10  # nobody is waiting: after downloads


@task(takes_context=True, priority=DOWNLOAD_PRIORITY)
def render_workbook_pdf(context, render_id: int) -> str:
    """Render the workbook of `PdfRender` row `render_id` as it is now and store it."""
    return run_render(WORKBOOK, context, render_id)


def run_render(kind: StoredDocument, context, render_id: int) -> str:
    """The body of every kind's render task: render the document of `kind`'s render row
    `render_id` as it is now and store it, unless a newer task has the row."""
    renders = kind.renders.objects
    with transaction.atomic():
        row = renders.select_for_update().filter(pk=render_id).first()
        if row is None:
            return "gone"  # its owner was deleted, or the document withdrawn
        if row.state != State.QUEUED or row.task_id not in ("", context.task_result.id):
            return "superseded"  # a newer task has this document
        now = timezone.now()
        if not row.wanted and row.settle_until and row.settle_until > now:
            _enqueue(kind, row, settle_until=row.settle_until)  # edits came since: wait again
            return "deferred"
        asked = row.wanted
        row.state, row.started_at, row.wanted, row.settle_until = State.RUNNING, now, "", None
        row.save(update_fields=["state", "started_at", "wanted", "settle_until"])
    started = time.monotonic()
    key = ""
    try:
        owner = getattr(row, kind.owner_field)
        data = kind.data(owner)
        key = kind.fingerprint(data)
        if not kind.has_copy(owner, key):
            content = kind.render(data)
            with transaction.atomic():
                # Stored only while the row is there: a document withdrawn meanwhile (a revoked
                # certificate) keeps no copy.
                if renders.select_for_update().filter(pk=row.pk).first() is not None:
                    kind.store(owner, key, content)
    except Exception as exc:
        _finish(kind, row.pk, key or asked, started, error=_reason(exc))
        raise  # the task's result says FAILED too, with the traceback
    _finish(kind, row.pk, key, started, error="")
    return key


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "longer than" in text:
        return f"Making the PDF took longer than the limit of {_time_limit():g} seconds."
    return "The PDF could not be made."


def _finish(kind: StoredDocument, render_id: int, key: str, started: float, *, error: str):
    with transaction.atomic():
        row = kind.renders.objects.select_for_update().filter(pk=render_id).first()
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
            _enqueue(kind, row, wanted=row.wanted)
        elif row.settle_until:
            _enqueue(kind, row, settle_until=row.settle_until)  # edited meanwhile: once settled
        else:
            row.state, row.wanted = State.DONE, ""
            row.save()


# --- Asking for renders (the web process) -----------------------------------------------------


@dataclass(frozen=True)
class RenderStatus:
    state: str  # "ready", "queued", "running" or "failed"
    ahead: int = 0  # downloads of the same kind queued before this one
    elapsed: float = 0.0
    expected: float = 10.0
    error: str = ""

    @property
    def percent(self) -> int:
        """A progress estimate from how long renders take, never 100 before it is done."""
        if self.state == "ready":
            return 100
        if self.state == "queued":
            return 5
        return max(5, min(95, round(100 * self.elapsed / max(self.expected, 1.0))))


def request_render(kind: StoredDocument, owner, key: str) -> RenderStatus:
    """A download wants the owner's document at fingerprint `key` and found no stored copy of
    it (or it was just issued and will be): queue its render unless one is queued or running
    already, and say how far it is."""
    if kind.has_copy(owner, key):
        return RenderStatus("ready")
    row = _row(kind, owner)
    if not _needs_queueing(kind, row, key):
        return _status(kind, row, owner, key)
    with transaction.atomic():
        row = kind.renders.objects.select_for_update().get(pk=row.pk)
        if _needs_queueing(kind, row, key):
            if row.state in PENDING:
                if row.state == State.QUEUED and not row.wanted:
                    # A render that waits for edits to settle: nobody should wait for that.
                    _enqueue(kind, row, wanted=key)
                else:
                    row.wanted = key
                    row.save(update_fields=["wanted"])
            else:
                _enqueue(kind, row, wanted=key)
    row.refresh_from_db()  # an immediate backend has rendered it already
    return _status(kind, row, owner, key)


def retry_render(kind: StoredDocument, owner, key: str) -> None:
    """The retry button: queue the render again even though it failed for this fingerprint."""
    row = _row(kind, owner)
    with transaction.atomic():
        row = kind.renders.objects.select_for_update().get(pk=row.pk)
        if row.state not in PENDING or _stuck(row):
            _enqueue(kind, row, wanted=key)


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
    row = _row(WORKBOOK, enrollment)
    with transaction.atomic():
        row = PdfRender.objects.select_for_update().get(pk=row.pk)
        if row.state in PENDING:
            row.settle_until = settle
            row.save(update_fields=["settle_until"])
        else:
            _enqueue(WORKBOOK, row, settle_until=settle)


_marked: dict[int, float] = {}  # enrollment id: when this process last moved its settling on


def forget_marks() -> None:
    """For tests: forget when each workbook's settling was moved on."""
    _marked.clear()


def _row(kind: StoredDocument, owner) -> DocumentRender:
    return kind.renders.objects.get_or_create(**kind.of(owner))[0]


def _needs_queueing(kind: StoredDocument, row: DocumentRender, key: str) -> bool:
    if row.state in PENDING:
        if _stuck(row):
            _mark_stuck(kind, row)
            return False  # shown as failed, with the retry button
        return row.wanted != key  # the running or queued render is told what is wanted
    if row.state == State.FAILED:
        return row.wanted != key  # the document changed since: worth another try
    return True  # done, but not at this fingerprint


def _enqueue(kind: StoredDocument, row: DocumentRender, *, wanted="", settle_until=None) -> None:
    """Queue the row's one task (in the caller's transaction: with the database backend the
    task and the row are written together). A task queued earlier for the row finds another id
    in `task_id` when it runs, and does nothing."""
    now = timezone.now()
    row.state, row.wanted, row.settle_until, row.task_id = State.QUEUED, wanted, settle_until, ""
    row.queued_at, row.started_at, row.error = now, None, ""
    row.save()
    job = kind.task
    if settle_until is not None and not wanted:
        job = job.using(priority=SETTLED_PRIORITY, run_after=settle_until)
    result = job.enqueue(row.pk)
    # An immediate backend has run the task already and left the row DONE or FAILED.
    kind.renders.objects.filter(pk=row.pk, task_id="").update(task_id=result.id)
    row.refresh_from_db()


def _time_limit() -> float:
    return float(getattr(settings, "PDF_TIME_LIMIT", 60))


def _stuck(row: DocumentRender) -> bool:
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


def _mark_stuck(kind: StoredDocument, row: DocumentRender) -> None:
    kind.renders.objects.filter(pk=row.pk, state=row.state, task_id=row.task_id).update(
        state=State.FAILED, error="The PDF could not be made: its render stopped unexpectedly."
    )
    row.refresh_from_db()


def _status(kind: StoredDocument, row: DocumentRender, owner, key: str) -> RenderStatus:
    if kind.has_copy(owner, key):
        return RenderStatus("ready")
    expected = row.last_seconds or _typical_seconds(kind)
    if row.state == State.FAILED:
        return RenderStatus("failed", error=row.error or "The PDF could not be made.")
    if row.state == State.RUNNING:
        elapsed = (timezone.now() - row.started_at).total_seconds() if row.started_at else 0.0
        return RenderStatus("running", elapsed=elapsed, expected=expected)
    if row.state == State.QUEUED:
        # Of the same kind only: a kind's task has its own priority (a certificate's page comes
        # before the workbooks), so the other kinds' renders are rarely ahead of it for long.
        ahead = (
            kind.renders.objects.filter(state=State.QUEUED, queued_at__lt=row.queued_at)
            .exclude(wanted="")
            .count()
        )
        return RenderStatus("queued", ahead=ahead, expected=expected)
    # Done at another fingerprint, with no render queued: only when the document changed
    # between the check and now; the next poll queues it.
    return RenderStatus("queued", expected=expected)


def _typical_seconds(kind: StoredDocument) -> float:
    measured = kind.renders.objects.filter(last_seconds__isnull=False)
    average = measured.aggregate(Avg("last_seconds"))["last_seconds__avg"]
    return average or kind.expected_seconds
