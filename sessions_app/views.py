from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from worksheets.forms import ModuleAnswersForm
from worksheets.models import Answer
from worksheets.services import AnswerConflicts, SessionClosed, answers_save

from .models import Enrollment, Module, Prompt


def _participant_enrollment(request, cohort_id):
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
    enrollment = _participant_enrollment(request, cohort_id)
    open_ids = enrollment.cohort.open_session_ids()
    modules = Module.objects.in_course_order().with_progress(enrollment)
    sessions = []
    for module in modules:
        if not sessions or sessions[-1]["session"] != module.session:
            sessions.append(
                {"session": module.session, "is_open": module.session_id in open_ids, "modules": []}
            )
        sessions[-1]["modules"].append(module)
    answered = sum(m.answered for m in modules)
    total = sum(m.total for m in modules)
    return render(
        request,
        "sessions_app/cohort_home.html",
        {"enrollment": enrollment, "sessions": sessions, "answered": answered, "total": total},
    )


def _module_sections(module):
    active_prompts = Prompt.objects.active().order_by("position")
    return module.sections.active().prefetch_related(Prefetch("prompts", queryset=active_prompts))


@login_required
def module_detail(request, cohort_id, slug):
    enrollment = _participant_enrollment(request, cohort_id)
    module = get_object_or_404(Module.objects.active().select_related("session"), slug=slug)
    if module.session_id not in enrollment.cohort.open_session_ids():
        return render(
            request,
            "sessions_app/module_locked.html",
            {"enrollment": enrollment, "module": module},
            status=403,
        )
    sections = list(_module_sections(module))
    prompts = [prompt for section in sections for prompt in section.prompts.all()]
    answers = {a.prompt_id: a for a in Answer.objects.for_module(enrollment, module)}
    form = ModuleAnswersForm(request.POST or None, prompts=prompts, answers=answers)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            answers_save(enrollment=enrollment, submissions=form.changed_submissions())
        except SessionClosed:  # closed between page load and save
            return redirect(enrollment.cohort)
        except AnswerConflicts as exc:
            conflicts = exc.conflicts
            for conflict in conflicts:
                form.show_conflict(conflict)
        else:
            return redirect(request.path + "?saved=1")
    return render(
        request,
        "sessions_app/module_detail.html",
        {
            "enrollment": enrollment,
            "module": module,
            "sections": sections,
            "form": form,
            "conflicts": {c.prompt.pk: c for c in conflicts},
            "saved": request.GET.get("saved") == "1" and request.method == "GET",
            "neighbours": _neighbours(module),
        },
    )


def _neighbours(module):
    ordered = list(Module.objects.in_course_order())
    index = next(i for i, m in enumerate(ordered) if m.pk == module.pk)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return {"previous": previous, "next": following}
