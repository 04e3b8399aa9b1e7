from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sessions_app.views import open_module, participant_enrollment

from .forms import saved_row_inputs
from .models import SmartGoal
from .pdf import PdfError, blank_workbook_pdf, workbook_pdf
from .services import SaveConflicts, SessionClosed, changes_save, smart_goal_remove
from .workbook import ModuleWorkbook


@require_POST
def autosave(request, cohort_id, slug):
    """Save whatever changed on a module page, section by section.

    Answers with htmx fragments: new versions for what was saved (200), messages next to the
    fields that cannot be saved (422), or both texts where another tab saved first (409).
    """
    if not request.user.is_authenticated:  # a redirect to the login page would look like a 200
        return _autosave_status(request, "signed_out", 401)
    enrollment, module, locked = open_module(request, cohort_id, slug)
    if locked:
        return _autosave_status(request, "closed", 403)
    workbook = ModuleWorkbook(enrollment=enrollment, module=module, data=request.POST)
    invalid, conflicts, saved = [], [], []
    for part in workbook.parts:
        results = [form.is_valid() for form in part.forms]  # every form, to show every error
        if not all(results):
            invalid.append(part)
            continue
        changes = [change for form in part.forms for change in form.changes()]
        if not changes:
            continue
        try:
            saved += changes_save(enrollment=enrollment, module=module, changes=changes)
        except SaveConflicts as exc:
            conflicts.extend(exc.conflicts)
        except SessionClosed:
            return _autosave_status(request, "closed", 403)
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
    return reverse("sessions_app:module", args=[enrollment.cohort_id, module.slug])


@login_required
def workbook_download(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    return _pdf_response(request, lambda: workbook_pdf(enrollment))


@login_required
def blank_workbook_download(request):
    return _pdf_response(request, blank_workbook_pdf)


def _pdf_response(request, make_pdf):
    try:
        pdf = make_pdf()
    except PdfError:
        return render(request, "worksheets/pdf_failed.html", status=503)
    response = HttpResponse(pdf.content, content_type=pdf.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
