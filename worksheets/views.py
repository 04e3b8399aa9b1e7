"""The module page: showing it, its Save button, its autosave, and removing a SMART goal; and
the workbook's PDF downloads."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sessions_app.calendar import location_is_link
from sessions_app.curriculum.cache import modules_in_order
from sessions_app.models import CohortSession
from sessions_app.selectors import participant_enrollment, participant_module

from . import tasks as pdf_tasks
from .downloads import ProgressWords, pdf_download
from .forms import saved_row_inputs
from .models import MAX_SMART_GOALS_PER_SECTION, SmartGoal
from .pdf import WORKBOOK
from .services import (
    LimitReached,
    SessionClosed,
    agreement_unlock,
    smart_goal_add,
    smart_goal_remove,
    workbook_save,
)
from .workbook import ModuleWorkbook


def open_module(request, cohort_id, slug):
    """(enrollment, module, None), or a response when the module's session was never opened.

    A session the facilitator opened and then closed stays readable: its page is read-only."""
    enrollment, module = participant_module(request, cohort_id, slug)
    if not enrollment.session_is_open and not enrollment.session_was_opened:
        locked = render(
            request,
            "worksheets/module_locked.html",
            {"enrollment": enrollment, "module": module},
            status=403,
        )
        return enrollment, module, locked
    return enrollment, module, None


@login_required
def module_page(request, cohort_id, slug):
    enrollment, module, locked = open_module(request, cohort_id, slug)
    if locked:
        return locked
    data = request.POST if request.method == "POST" else None
    workbook = ModuleWorkbook(enrollment=enrollment, module=module, data=data)
    conflicts = []
    closed = not enrollment.session_is_open
    if data is not None and not closed:
        outcome = workbook_save(enrollment=enrollment, workbook=workbook)
        if outcome.complete:
            anchor = _follow_up_action(request, enrollment, workbook)
            return redirect(f"{request.path}?saved=1{anchor}")
        conflicts = outcome.conflicts
        workbook.show_conflicts(conflicts)
    schedule = _schedule_with_cohort(enrollment, module)
    return render(
        request,
        "worksheets/module.html",
        {
            "enrollment": enrollment,
            "module": module,
            "workbook": workbook,
            "conflicts": {c.change.field: c for c in conflicts},
            "saved": request.GET.get("saved") == "1" and data is None,
            "closed_at": schedule.closed_at if closed else None,
            "closed": closed,
            "unsaved_typing": closed and data is not None,
            "neighbours": _neighbours(module),
            "schedule": schedule,
            "session_location_is_link": location_is_link(schedule.location),
        },
    )


def _schedule_with_cohort(enrollment, module) -> CohortSession:
    """When and where the module's session meets, and when it closed; the page shows the
    cohort too, which comes in the same query. A page that opens has its schedule row (an open
    or once-opened session has one) unless it was deleted a moment ago."""
    schedule = (
        CohortSession.objects.select_related("cohort")
        .filter(cohort_id=enrollment.cohort_id, session_id=module.session_id)
        .first()
    )
    if schedule is None:
        return CohortSession()
    enrollment.cohort = schedule.cohort
    return schedule


def _follow_up_action(request, enrollment, workbook) -> str:
    """Buttons that do more than save: add a SMART goal, unlock the agreement."""
    sections = {str(part.section.pk): part.section for part in workbook.parts}
    if request.POST.get("add_goal") in sections:
        section = sections[request.POST["add_goal"]]
        try:
            goal = smart_goal_add(enrollment=enrollment, section=section)
        except LimitReached:
            messages.warning(
                request,
                f"A worksheet holds at most {MAX_SMART_GOALS_PER_SECTION} SMART goals: "
                "remove one to add another.",
            )
            return f"#{section.slug}"
        return f"#goal-{goal.pk}"
    if request.POST.get("unlock_agreement") in sections:
        section = sections[request.POST["unlock_agreement"]]
        agreement_unlock(enrollment=enrollment, section=section)
        return f"#{section.slug}"
    return ""


def _neighbours(module):
    ordered = modules_in_order(module)
    index = next(i for i, m in enumerate(ordered) if m.pk == module.pk)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return {"previous": previous, "next": following}


@require_POST
def autosave(request, cohort_id, slug):
    """Save whatever changed on a module page, section by section.

    Answers with htmx fragments: new versions for what was saved (200), messages next to the
    fields that cannot be saved (422), or both texts where another tab saved first (409).
    """
    if not request.user.is_authenticated:  # a redirect to the login page would look like a 200
        return _autosave_status(request, "signed_out", 401)
    enrollment, module, locked = open_module(request, cohort_id, slug)
    if locked or not enrollment.session_is_open:
        return _autosave_status(request, "closed", 403)
    workbook = ModuleWorkbook(
        enrollment=enrollment,
        module=module,
        data=request.POST,
        only_sections=sections_sent(request.POST),
    )
    outcome = workbook_save(enrollment=enrollment, workbook=workbook)
    saved, conflicts, invalid = outcome.saved, outcome.conflicts, outcome.invalid
    if saved:
        pdf_tasks.workbook_edited(enrollment)  # re-render the PDF once the edits settle
    workbook.show_conflicts(conflicts)
    status = 409 if conflicts else 422 if invalid else 200
    response = _fragment(
        "worksheets/autosave_response.html",
        {
            "workbook": workbook,
            "saved_inputs": [pair for row in saved for pair in saved_row_inputs(row)],
            "conflicts": {c.change.field: c for c in conflicts},
            "invalid": invalid,
            "saved_at": timezone.localtime(),
        },
        status=status,
    )
    response[AUTOSAVE_HEADER] = {200: "saved", 409: "conflict", 422: "invalid"}[status]
    return response


AUTOSAVE_HEADER = "X-Autosave"  # the page trusts a save only when this says "saved"

SECTION_FIELD = re.compile(r"^s(\d+)-")


def sections_sent(data) -> set[int]:
    """The sections whose fields a request carries: every field of a section's forms is named
    `s<section id>-…`, and the page's autosave sends only the sections that were edited."""
    return {int(match.group(1)) for name in data if (match := SECTION_FIELD.match(name))}


def _autosave_status(request, state, status):
    response = _fragment("worksheets/autosave_status.html", {"state": state}, status=status)
    response[AUTOSAVE_HEADER] = state
    return response


def _fragment(template_name, context, *, status):
    """An htmx fragment: rendered without the request, so without the context processors (the
    menu's queries), which a fragment that never shows the menu does not need."""
    return HttpResponse(render_to_string(template_name, context), status=status)


@login_required
def smart_goal_remove_view(request, cohort_id, goal_id):
    enrollment = participant_enrollment(request, cohort_id)
    goal = get_object_or_404(
        SmartGoal.objects.filter(enrollment=enrollment).select_related("section__module"),
        pk=goal_id,
    )
    module_url = f"{_module_url(enrollment, goal.section.module)}#{goal.section.slug}"
    if request.method == "POST":
        try:
            smart_goal_remove(enrollment=enrollment, goal=goal)
        except SessionClosed:
            return redirect(enrollment.cohort)
        return redirect(module_url)
    return render(
        request,
        "worksheets/smart_goal_remove.html",
        {"enrollment": enrollment, "goal": goal, "module_url": module_url},
    )


def _module_url(enrollment, module):
    return reverse("worksheets:module", args=[enrollment.cohort_id, module.slug])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workbook_download(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    return pdf_download(request, WORKBOOK, enrollment, _workbook_words())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blank_workbook_download(request):
    return pdf_download(request, WORKBOOK, None, _workbook_words())


def _workbook_words() -> ProgressWords:
    return ProgressWords(
        noun="workbook",
        back_url=reverse("sessions_app:home"),
        back_label="Back to your workbook",
        unaffected="Nothing you wrote is affected: it is all saved.",
    )
