"""The participant's pages of a cohort: the home page, the cohort's sessions and modules with
progress, and the sharing choice. The module page itself is the workbook's (worksheets/views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from worksheets.mentor.services import mentor_news_of
from worksheets.progress import workbook_progress

from .calendar import calendar_of, location_is_link, workbook_path
from .curriculum.cache import sections_of
from .forms import SharingForm
from .models import Enrollment, Module
from .selectors import participant_enrollment


@login_required
def home(request):
    """Where a person lands after signing in: their one workbook, the facilitator's dashboard
    when they only run cohorts (staff too), or a choice when they do both."""
    enrollments = list(Enrollment.objects.active().for_user(request.user))
    runs_cohorts = request.user.is_staff or any(
        e.role == Enrollment.Role.FACILITATOR for e in enrollments
    )
    current = [e for e in enrollments if not e.cohort.is_archived]
    participant = [e for e in current if e.role == Enrollment.Role.PARTICIPANT]
    facilitating = [e for e in current if e.role == Enrollment.Role.FACILITATOR]
    if runs_cohorts and not participant:
        return redirect("facilitator:cohorts")
    if len(participant) == 1 and not runs_cohorts:
        return redirect(participant[0].cohort)
    return render(
        request,
        "sessions_app/home.html",
        {"participant_enrollments": participant, "facilitator_enrollments": facilitating},
    )


@login_required
def cohort_home(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    schedule = {entry.session_id: entry for entry in enrollment.cohort.schedule.all()}
    progress = workbook_progress(enrollment)
    sessions = []
    for module in Module.objects.in_course_order():
        module.progress = progress[module.pk]
        if not sessions or sessions[-1]["session"] != module.session:
            entry = schedule.get(module.session_id)
            sessions.append({"session": module.session, **_session_state(entry), "modules": []})
        sessions[-1]["modules"].append(module)
    done = sum(p.done for p in progress.values())
    total = sum(p.total for p in progress.values())
    readable = [
        m for item in sessions if item["is_open"] or item["was_opened"] for m in item["modules"]
    ]
    return render(
        request,
        "sessions_app/cohort_home.html",
        {
            "enrollment": enrollment,
            "sessions": sessions,
            "done": done,
            "total": total,
            "has_dates": any(item["starts_at"] for item in sessions),
            "continue_at": _where_to_continue(progress.last_section_id, readable),
            "news": mentor_news_of(enrollment, limit=3),
            "start_at": readable[0] if readable and progress.last_activity is None else None,
        },
    )


def _where_to_continue(section_id, readable_modules):
    """The module and section the person last wrote in, when they may still open it."""
    for module in readable_modules:
        for section in sections_of(module):
            if section.pk == section_id:
                return {"module": module, "section": section}
    return None


def _session_state(entry) -> dict:
    """Open; closed after being opened (read only: `closed_at`, when known); or never opened."""
    is_open = bool(entry and entry.is_open)
    was_opened = bool(entry and not is_open and entry.opened_at)
    return {
        "is_open": is_open,
        "was_opened": was_opened,
        "closed_at": entry and entry.closed_at,
        "starts_at": entry and entry.starts_at,
        "location": entry.location if entry else "",
        "location_is_link": bool(entry and location_is_link(entry.location)),
    }


@login_required
def cohort_calendar(request, cohort_id, number=None):
    """The cohort's scheduled sessions (or one of them) as an .ics file for the person's own
    calendar; each event links to the workbook page of its session."""
    enrollment = participant_enrollment(request, cohort_id)
    entries = enrollment.cohort.schedule.filter(starts_at__isnull=False).select_related(
        "cohort", "session"
    )
    if number is not None:
        entries = entries.filter(session__number=number)
    entries = list(entries)
    if not entries:
        raise Http404("No session of this cohort has a date yet.")
    body = calendar_of(entries, lambda entry: request.build_absolute_uri(workbook_path(entry)))
    name = f"session-{number}.ics" if number is not None else "sessions.ics"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def sharing(request, cohort_id):
    """The participant decides whether the cohort's facilitators may read their answers."""
    enrollment = participant_enrollment(request, cohort_id)
    form = SharingForm(request.POST if request.method == "POST" else None, instance=enrollment)
    if request.method == "POST" and form.is_valid():
        form.save()
        state = "now shared with" if enrollment.shares_answers else "private from"
        messages.success(request, f"Your answers are {state} your facilitators.")
        return redirect(enrollment.cohort)
    return render(request, "sessions_app/sharing.html", {"enrollment": enrollment, "form": form})
