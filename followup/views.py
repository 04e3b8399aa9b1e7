"""The participant's pages after the course. Views parse the request, call a service or a
selector scoped to the person's own enrollment, and render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from sessions_app.selectors import participant_enrollment

from .forms import GoalForm, MeetingNewForm
from .meeting_page import SAVED, meeting_page
from .models import Side
from .selectors import followed_goal, followed_goals, meetings_of
from .services import GoalUpdate, MeetingNotAllowed, NoteNeeded, goal_update, meeting_create


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
    context = {"enrollment": enrollment, "item": followed, "form": form, "conflict": conflict}
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
