"""The facilitator's evaluation pages: attendance, certificates, the cohort's report.

A facilitator reaches only the cohorts they facilitate (staff reach all); anyone else gets 404,
as on the rest of the dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from sessions_app.services import facilitated_cohorts

from ..attendance import attendance_grid, course_sessions, posted_marks
from ..services import attendance_mark


def _cohort(request, cohort_id):
    return get_object_or_404(facilitated_cohorts(request.user), pk=cohort_id)


@login_required
def attendance(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    sessions = course_sessions()
    chosen = request.GET.get("session", "")
    shown_sessions = [s for s in sessions if str(s.pk) == chosen] or sessions
    rows = attendance_grid(cohort, shown_sessions)
    if request.method == "POST":
        marks = posted_marks(request.POST, rows)
        attendance_mark(cohort=cohort, marks=marks, marked_by=request.user)
        messages.success(
            request, f"Attendance saved ({len(marks)} change{'s' * (len(marks) != 1)})."
        )
        return redirect(request.get_full_path())
    return render(
        request,
        "evaluation/facilitator/attendance.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "shown_sessions": shown_sessions,
            "one_session": len(shown_sessions) == 1 and len(sessions) > 1,
            "rows": rows,
        },
    )
