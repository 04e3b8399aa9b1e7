from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from worksheets.progress import workbook_progress
from worksheets.services import (
    SaveConflicts,
    SessionClosed,
    agreement_unlock,
    changes_save,
    smart_goal_add,
)
from worksheets.workbook import ModuleWorkbook

from .course import course_module, modules_in_order
from .forms import SharingForm
from .models import Enrollment, Module


def participant_enrollment(request, cohort_id):
    """The signed-in person's own enrollment in that cohort, or 404: never someone else's."""
    return get_object_or_404(
        Enrollment.objects.participants().for_user(request.user), cohort_id=cohort_id
    )


@login_required
def home(request):
    enrollments = list(Enrollment.objects.for_user(request.user).filter(cohort__is_archived=False))
    participant = [e for e in enrollments if e.role == Enrollment.Role.PARTICIPANT]
    facilitating = [e for e in enrollments if e.role == Enrollment.Role.FACILITATOR]
    if len(participant) == 1 and not facilitating:
        return redirect(participant[0].cohort)
    return render(
        request,
        "sessions_app/home.html",
        {"participant_enrollments": participant, "facilitator_enrollments": facilitating},
    )


@login_required
def cohort_home(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    open_ids = enrollment.cohort.open_session_ids()
    progress = workbook_progress(enrollment)
    sessions = []
    for module in Module.objects.in_course_order():
        module.progress = progress[module.pk]
        if not sessions or sessions[-1]["session"] != module.session:
            sessions.append(
                {"session": module.session, "is_open": module.session_id in open_ids, "modules": []}
            )
        sessions[-1]["modules"].append(module)
    done = sum(p.done for p in progress.values())
    total = sum(p.total for p in progress.values())
    return render(
        request,
        "sessions_app/cohort_home.html",
        {"enrollment": enrollment, "sessions": sessions, "done": done, "total": total},
    )


def open_module(request, cohort_id, slug):
    """(enrollment, module, None), or a response when the module's session is not open."""
    module = course_module(slug)
    if module is None:
        raise Http404("No such module.")
    enrollment = get_object_or_404(
        Enrollment.objects.participants()
        .for_user(request.user)
        .with_session_open(module.session_id),
        cohort_id=cohort_id,
    )
    if not enrollment.session_is_open:
        locked = render(
            request,
            "sessions_app/module_locked.html",
            {"enrollment": enrollment, "module": module},
            status=403,
        )
        return enrollment, module, locked
    return enrollment, module, None


@login_required
def module_detail(request, cohort_id, slug):
    enrollment, module, locked = open_module(request, cohort_id, slug)
    if locked:
        return locked
    data = request.POST if request.method == "POST" else None
    workbook = ModuleWorkbook(enrollment=enrollment, module=module, data=data)
    conflicts = []
    if data is not None and workbook.is_valid():
        try:
            changes_save(enrollment=enrollment, module=module, changes=workbook.changes())
            anchor = _follow_up_action(request, enrollment, workbook)
        except SessionClosed:  # closed between page load and save
            return redirect(enrollment.cohort)
        except SaveConflicts as exc:
            conflicts = exc.conflicts
            workbook.show_conflicts(conflicts)
        else:
            return redirect(f"{request.path}?saved=1{anchor}")
    return render(
        request,
        "sessions_app/module_detail.html",
        {
            "enrollment": enrollment,
            "module": module,
            "workbook": workbook,
            "conflicts": {c.change.field: c for c in conflicts},
            "saved": request.GET.get("saved") == "1" and data is None,
            "neighbours": _neighbours(module),
        },
    )


def _follow_up_action(request, enrollment, workbook) -> str:
    """Buttons that do more than save: add a SMART goal, unlock the agreement."""
    sections = {str(part.section.pk): part.section for part in workbook.parts}
    if request.POST.get("add_goal") in sections:
        section = sections[request.POST["add_goal"]]
        goal = smart_goal_add(enrollment=enrollment, section=section)
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
