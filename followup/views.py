"""The participant's pages after the course. Views parse the request, call a service or a
selector scoped to the person's own enrollment, and render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from sessions_app.selectors import participant_enrollment
from sessions_app.services import facilitated_cohorts
from worksheets import charts
from worksheets.mentor.forms import MentorQuestionnaireForm
from worksheets.mentor.services import worksheet

from .forms import CheckInForm, CheckInPlanForm, CohortCheckInsForm, GoalForm, MeetingNewForm
from .meeting_page import SAVED, meeting_page
from .models import CohortCheckIns, Side
from .schedule import cohort_months, plan_of, rounds_of
from .selectors import (
    change_over_time,
    check_ins_of,
    followed_goal,
    followed_goals,
    four_way_section,
    goal_timeline,
    meetings_of,
)
from .services import (
    GoalUpdate,
    MeetingNotAllowed,
    NoteNeeded,
    check_in_plan_save,
    check_in_submit,
    cohort_check_ins_save,
    goal_update,
    meeting_create,
    questionnaire_round_add,
)
from .summaries import follow_up_counts


@login_required
def my_goals(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    context = {"enrollment": enrollment, "goals": followed_goals(enrollment)}
    return render(request, "followup/my_goals.html", context)


@login_required
def goal_page(request, cohort_id, goal_id):
    enrollment = participant_enrollment(request, cohort_id)
    followed = followed_goal(enrollment, goal_id)
    if followed is None:
        raise Http404("No such goal.")
    form = GoalForm.for_tracking(followed.tracking, request.POST or None)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            conflict = goal_update(goal=followed.goal, update=_update(form), base_version=_v(form))
        except NoteNeeded:
            form.add_error("note", "Say in a line why you drop this goal: it goes in its history.")
        else:
            if conflict is None:
                return redirect("followup:goal", cohort_id, goal_id)
            followed = followed_goal(enrollment, goal_id)
            form = _moved_on(form, followed.tracking)
    timeline = charts.draw(goal_timeline(followed, id_prefix="goal-timeline"))
    context = {"enrollment": enrollment, "item": followed, "form": form, "conflict": conflict}
    context["timeline"] = timeline
    return render(request, "followup/goal.html", context, status=409 if conflict else 200)


def _update(form) -> GoalUpdate:
    data = form.cleaned_data
    return GoalUpdate(data["status"], data["target_date"], data["note"])


def _v(form) -> int:
    return form.cleaned_data["version"]


def _moved_on(form, tracking) -> GoalForm:
    """The form with what was typed, at the version now stored: saving again is a choice."""
    data = form.data.copy()
    data["version"] = str(tracking.version)
    again = GoalForm(data)
    again.is_valid()
    return again


# --- the meeting log ----------------------------------------------------------------------------


@login_required
def meetings(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    links = enrollment.mentor_links.usable()
    form = MeetingNewForm(request.POST or None, links=links)
    if form.is_bound and form.is_valid():
        try:
            meeting = meeting_create(enrollment=enrollment, **form.cleaned_data)
        except MeetingNotAllowed:
            form.add_error("link", "That mentor's link no longer works: choose another.")
        else:
            return redirect("followup:meeting", cohort_id, meeting.pk)
    context = {"enrollment": enrollment, "form": form, "meetings": meetings_of(enrollment)}
    return render(request, "followup/meetings.html", context)


@login_required
def meeting(request, cohort_id, meeting_id):
    enrollment = participant_enrollment(request, cohort_id)
    found = get_object_or_404(meetings_of(enrollment), pk=meeting_id)
    page = meeting_page(request, found, Side.PARTICIPANT)
    if page.outcome == SAVED:
        return redirect("followup:meeting", cohort_id, meeting_id)
    context = {"enrollment": enrollment, "page": page, "meeting": found}
    return render(request, "followup/meeting.html", context, status=page.status)


# --- check-ins ----------------------------------------------------------------------------------


@login_required
def check_ins(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    plan = plan_of(enrollment)
    initial = {"months": plan.months, "reminders": plan.reminders, "version": plan.version}
    form = CheckInPlanForm(request.POST or None, initial=initial)
    conflict = None
    if form.is_bound and form.is_valid():
        conflict = check_in_plan_save(
            enrollment=enrollment,
            months=form.cleaned_data["months"],
            reminders=form.cleaned_data["reminders"],
            base_version=form.cleaned_data["version"],
        )
        if conflict is None:
            return redirect("followup:check_ins", cohort_id)
    context = {
        "enrollment": enrollment,
        "form": form,
        "conflict": conflict,
        "rounds": rounds_of(enrollment, plan),
        "check_ins": check_ins_of(enrollment),
    }
    return render(request, "followup/check_ins.html", context, status=409 if conflict else 200)


def _round(request, enrollment) -> int | None:
    """The planned round a check-in answers (?round=3), or None: one of the person's own."""
    raw = request.GET.get("round", "")
    chosen = {r.months for r in rounds_of(enrollment)}
    months = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 2 else None
    return months if months in chosen else None


@login_required
def check_in_new(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    months = _round(request, enrollment)
    goals = [item for item in followed_goals(enrollment) if item.is_open]
    section = four_way_section()
    spec = section.spec if section else None
    form = CheckInForm(request.POST or None, goals=goals, four_way_spec=spec)
    conflicts = []
    if form.is_bound and form.is_valid():
        check_in, conflicts = check_in_submit(
            enrollment=enrollment,
            months=months,
            goals=form.goal_answers(),
            reflection=form.reflection(),
            four_way=form.four_way(),
        )
        if check_in is not None:
            return redirect("followup:check_in", cohort_id, check_in.pk)
        goals = [item for item in followed_goals(enrollment) if item.is_open]
        form = _check_in_moved_on(form, goals, spec)
    context = {"enrollment": enrollment, "form": form, "months": months, "conflicts": conflicts}
    return render(request, "followup/check_in_new.html", context, status=409 if conflicts else 200)


def _check_in_moved_on(form, goals, spec) -> CheckInForm:
    """What was typed, with each goal at the version now stored."""
    data = form.data.copy()
    for item in goals:
        data[f"goal-{item.goal.pk}-version"] = str(item.tracking.version)
    again = CheckInForm(data, goals=goals, four_way_spec=spec)
    again.is_valid()
    return again


@login_required
def check_in(request, cohort_id, check_in_id):
    enrollment = participant_enrollment(request, cohort_id)
    found = get_object_or_404(check_ins_of(enrollment), pk=check_in_id)
    context = {"enrollment": enrollment, "check_in": found}
    return render(request, "followup/check_in.html", context)


# --- the facilitator ----------------------------------------------------------------------------


@login_required
def cohort_follow_up(request, cohort_id):
    cohort = get_object_or_404(facilitated_cohorts(request.user), pk=cohort_id)
    stored = CohortCheckIns.objects.filter(cohort=cohort).first()
    initial = {"months": cohort_months(cohort.pk), "version": stored.version if stored else 0}
    form = CohortCheckInsForm(request.POST or None, initial=initial)
    conflict = None
    if form.is_bound and form.is_valid():
        conflict = cohort_check_ins_save(
            cohort=cohort,
            months=form.cleaned_data["months"],
            base_version=form.cleaned_data["version"],
        )
        if conflict is None:
            return redirect("followup:cohort_follow_up", cohort_id)
    context = {"cohort": cohort, "form": form, "conflict": conflict}
    context["counts"] = follow_up_counts(cohort)
    return render(
        request, "followup/cohort_follow_up.html", context, status=409 if conflict else 200
    )


@login_required
def changes(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    change = change_over_time(enrollment)
    context = {
        "enrollment": enrollment,
        "four_way_chart": charts.draw(change["four_way"]) if change["four_way"] else "",
        "questionnaire": _drawn_pair(change["questionnaire"]),
        "goals": [(g["item"], charts.draw(g["chart"])) for g in change["goals"]],
    }
    return render(request, "followup/changes.html", context)


@login_required
def check_in_questionnaire(request, cohort_id, check_in_id):
    """The expectations questionnaire answered again, as part of one check-in (once)."""
    enrollment = participant_enrollment(request, cohort_id)
    found = get_object_or_404(check_ins_of(enrollment), pk=check_in_id)
    section = worksheet("questionnaire")
    if section is None or hasattr(found, "questionnaire"):
        return redirect("followup:check_in", cohort_id, check_in_id)
    data = request.POST if request.method == "POST" else None
    form = MentorQuestionnaireForm(data, section=section, ratings={})
    if form.is_bound and form.is_valid():
        if form.ratings():
            questionnaire_round_add(ratings=form.ratings(), check_in=found)
            return redirect("followup:check_in", cohort_id, check_in_id)
        form.add_error(None, "Choose a rating for at least one pair, or go back.")
    context = {"enrollment": enrollment, "check_in": found, "form": form, "section": section}
    return render(request, "followup/check_in_questionnaire.html", context)


def _drawn_pair(pair: dict | None) -> dict | None:
    if pair is None:
        return None
    return pair | {"then": charts.draw(pair["then"]), "now": charts.draw(pair["now"])}
