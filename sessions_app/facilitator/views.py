"""The facilitator's dashboard: cohorts, people, schedule, progress, summaries and exports.

A facilitator reaches only the cohorts they facilitate (staff reach all); everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mentoring.throttle import MailLimitReached
from outbox.selectors import with_delivery
from worksheets.models import Answer
from worksheets.progress import cohort_progress
from worksheets.summaries import cohort_summaries

from ..models import CohortSession, Enrollment, Module, Session
from ..services import (
    EMAIL_MAX_LENGTH,
    cohort_create,
    cohort_set_archived,
    facilitated_cohorts,
    invitation_cancel,
    invitation_send,
    invitations_send,
    join_code_regenerate,
    participant_remove,
    participant_restore,
)
from .csv import SafeWriter
from .forms import CohortForm, InviteForm, ScheduleForm
from .selectors import cohort_overview, shared_enrollment, shared_workbook


def _cohort(request, cohort_id):
    return get_object_or_404(facilitated_cohorts(request.user), pk=cohort_id)


def _site_url(request):
    return f"{request.scheme}://{request.get_host()}"


@login_required
def cohort_list(request):
    cohorts = cohort_overview(facilitated_cohorts(request.user))
    if not cohorts and not request.user.is_staff and not _is_facilitator(request.user):
        raise PermissionDenied
    return render(
        request,
        "facilitator/cohort_list.html",
        {
            "active": [c for c in cohorts if not c.is_archived],
            "archived": [c for c in cohorts if c.is_archived],
        },
    )


def _is_facilitator(user):
    return Enrollment.objects.facilitators().filter(user=user).exists()


@login_required
def cohort_new(request):
    if not request.user.is_staff and not _is_facilitator(request.user):
        raise PermissionDenied
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = cohort_create(name=form.cleaned_data["name"], facilitators=[request.user])
        messages.success(request, f"{cohort} is ready. Invite people or share the join link.")
        return redirect("facilitator:cohort", cohort.pk)
    return render(request, "facilitator/cohort_form.html", {"form": form})


@login_required
def cohort_edit(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("facilitator:cohort", cohort.pk)
    return render(request, "facilitator/cohort_form.html", {"form": form, "cohort": cohort})


@login_required
def cohort_detail(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    schedule = _schedule(cohort)
    upcoming = [
        row
        for row in schedule
        if row["entry"].starts_at and row["entry"].starts_at >= timezone.now()
    ]
    invitations = list(with_delivery(cohort.invitations.pending(), "invitation").order_by("email"))
    return render(
        request,
        "facilitator/cohort_detail.html",
        {
            "cohort": cohort,
            "join_url": _site_url(request) + cohort.get_join_url(),
            "schedule": schedule,
            "next_session": min(upcoming, key=lambda r: r["entry"].starts_at, default=None),
            "participants": cohort.enrollments.participants().select_related("user"),
            "removed": cohort.enrollments.exclude(removed_at=None).select_related("user"),
            "invitations": invitations,
            "undelivered": [i.email for i in invitations if i.mail_state == "failed"],
            "invite_form": InviteForm(),
            "now": timezone.now(),
        },
    )


def _schedule(cohort):
    entries = {e.session_id: e for e in cohort.schedule.all()}
    rows = []
    for session in Session.objects.active():
        entry = entries.get(session.pk) or CohortSession(cohort=cohort, session=session)
        rows.append(
            {
                "session": session,
                "entry": entry,
                "form": ScheduleForm(instance=entry, prefix=f"session-{session.pk}"),
            }
        )
    return rows


@login_required
@require_POST
def session_schedule(request, cohort_id, session_id):
    cohort = _cohort(request, cohort_id)
    session = get_object_or_404(Session.objects.active(), pk=session_id)
    entry, _ = CohortSession.objects.get_or_create(cohort=cohort, session=session)
    form = ScheduleForm(request.POST, instance=entry, prefix=f"session-{session.pk}")
    if form.is_valid():
        form.save()
        state = "open" if entry.is_open else "closed"
        messages.success(request, f"{session.title} saved ({state}).")
        return redirect(reverse("facilitator:cohort", args=[cohort.pk]) + "#schedule")
    messages.error(request, f"{session.title} was not saved: {form.errors.as_text()}")
    return redirect("facilitator:cohort", cohort.pk)


@login_required
@require_POST
def join_link_regenerate(request, cohort_id):
    cohort = join_code_regenerate(cohort=_cohort(request, cohort_id))
    messages.success(request, "A new join link is ready; the old one no longer works.")
    return redirect("facilitator:cohort", cohort.pk)


@login_required
@require_POST
def cohort_archive(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    archive = request.POST.get("archive") == "1"
    cohort_set_archived(cohort=cohort, archived=archive)
    messages.success(request, f"{cohort} is {'archived' if archive else 'active again'}.")
    return redirect("facilitator:cohort", cohort.pk)


@login_required
@require_POST
def invite(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["emails"]))
        return redirect("facilitator:cohort", cohort.pk)
    try:
        report = invitations_send(
            cohort=cohort,
            text=form.cleaned_data["emails"],
            invited_by=request.user,
            site_url=_site_url(request),
        )
    except MailLimitReached as limit:
        messages.error(request, str(limit))
        return redirect("facilitator:cohort", cohort.pk)
    if report.sent:
        messages.success(
            request, f"Invitations sent to {len(report.sent)}: {', '.join(report.sent)}."
        )
    if report.already_in:
        messages.info(request, f"Already in the cohort: {', '.join(report.already_in)}.")
    if report.removed:
        messages.info(
            request,
            f"Removed from the cohort, nothing sent: {', '.join(report.removed)}. "
            "Restore them from the list of removed people to bring them back.",
        )
    if report.invalid:
        messages.error(
            request,
            f"Not e-mail addresses (or longer than {EMAIL_MAX_LENGTH} characters), nothing sent: "
            f"{', '.join(report.invalid)}.",
        )
    if report.not_mailed:
        messages.error(request, _NOT_MAILED + ", ".join(report.not_mailed) + ".")
    return redirect("facilitator:cohort", cohort.pk)


_NOT_MAILED = "Invited, but the mail could not be sent (try Re-send later): "


@login_required
@require_POST
def invitation_action(request, cohort_id, invitation_id, action):
    cohort = _cohort(request, cohort_id)
    invitation = get_object_or_404(cohort.invitations.pending(), pk=invitation_id)
    if action not in {"resend", "cancel"}:
        raise Http404
    if action == "resend":
        try:
            sent = invitation_send(
                invitation=invitation, site_url=_site_url(request), sender=request.user
            )
        except MailLimitReached as limit:
            messages.error(request, str(limit))
        else:
            if sent:
                messages.success(request, f"Sent again to {invitation.email}, with a fresh link.")
            else:
                messages.error(request, _NOT_MAILED + invitation.email + ".")
    else:
        invitation_cancel(invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} is cancelled.")
    return redirect("facilitator:cohort", cohort.pk)


@login_required
def participant_remove_view(request, cohort_id, enrollment_id):
    cohort = _cohort(request, cohort_id)
    enrollment = get_object_or_404(
        cohort.enrollments.filter(role=Enrollment.Role.PARTICIPANT).select_related("user"),
        pk=enrollment_id,
    )
    if request.method == "POST":
        if request.POST.get("restore") == "1":
            participant_restore(enrollment=enrollment)
            messages.success(request, f"{enrollment.user} is back in {cohort}.")
        else:
            participant_remove(enrollment=enrollment)
            messages.success(request, f"{enrollment.user} is removed; their work is kept.")
        return redirect("facilitator:cohort", cohort.pk)
    return render(
        request, "facilitator/participant_remove.html", {"cohort": cohort, "enrollment": enrollment}
    )


SORTS = {
    "name": lambda row: str(row["enrollment"].user).lower(),
    "progress": lambda row: (-row["done"], str(row["enrollment"].user).lower()),
    "activity": lambda row: -(row["last_activity"].timestamp() if row["last_activity"] else 0),
}


def _progress_rows(cohort):
    enrollments = list(cohort.enrollments.participants().select_related("user"))
    modules = list(Module.objects.in_course_order())
    progress = cohort_progress(enrollments)
    rows = []
    for enrollment in enrollments:
        mine = progress[enrollment.pk]
        cells = [mine[m.pk] for m in modules]
        done, total = sum(c.done for c in cells), sum(c.total for c in cells)
        rows.append(
            {
                "enrollment": enrollment,
                "cells": cells,
                "by_module": list(zip(modules, cells, strict=True)),
                "done": done,
                "total": total,
                "percent": round(100 * done / total) if total else 0,
                "last_activity": mine.last_activity,
            }
        )
    return modules, rows


@login_required
def progress_grid(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    modules, rows = _progress_rows(cohort)
    sort = request.GET.get("sort", "name")
    rows.sort(key=SORTS.get(sort, SORTS["name"]))
    return render(
        request,
        "facilitator/progress.html",
        {"cohort": cohort, "modules": modules, "rows": rows, "sort": sort},
    )


@never_cache  # someone's private work: no copy kept once they stop sharing
@login_required
def participant_answers(request, cohort_id, enrollment_id):
    """One participant's work, read only, while they share it with the facilitators; else 404."""
    cohort = _cohort(request, cohort_id)
    enrollment = shared_enrollment(cohort, enrollment_id)
    return render(
        request,
        "facilitator/participant_answers.html",
        {"cohort": cohort, "enrollment": enrollment, "sessions": shared_workbook(enrollment)},
    )


@login_required
def summaries(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    return render(
        request,
        "facilitator/summaries.html",
        {"cohort": cohort, "summaries": cohort_summaries(cohort)},
    )


def _csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    return response


@login_required
def progress_csv(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    modules, rows = _progress_rows(cohort)
    response = _csv_response(f"progress-{cohort.pk}.csv")
    writer = SafeWriter(response)
    writer.writerow(
        ["name", "e-mail", *[m.title for m in modules], "done", "total", "last activity"]
    )
    for row in rows:
        writer.writerow(
            [
                row["enrollment"].user,
                row["enrollment"].user.email,
                *[f"{c.done}/{c.total}" for c in row["cells"]],
                row["done"],
                row["total"],
                row["last_activity"].isoformat() if row["last_activity"] else "",
            ]
        )
    return response


@login_required
def answers_csv(request, cohort_id):
    """Answers of the participants who chose to share them; nobody else's."""
    cohort = _cohort(request, cohort_id)
    sharing = cohort.enrollments.participants().filter(shares_answers=True)
    answers = (
        Answer.objects.filter(enrollment__in=sharing, prompt__is_active=True)
        .exclude(text="")
        .select_related("enrollment__user", "prompt__section__module")
        .order_by(
            "enrollment__user__email",
            "prompt__section__module__session__number",
            "prompt__section__module__position",
            "prompt__section__position",
            "prompt__position",
        )
    )
    response = _csv_response(f"shared-answers-{cohort.pk}.csv")
    writer = SafeWriter(response)
    writer.writerow(["name", "e-mail", "module", "section", "question", "answer"])
    for answer in answers:
        prompt = answer.prompt
        writer.writerow(
            [
                answer.enrollment.user,
                answer.enrollment.user.email,
                prompt.section.module.title,
                prompt.section.title,
                prompt.text,
                answer.text,
            ]
        )
    return response
