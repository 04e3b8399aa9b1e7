"""The facilitator's evaluation pages: attendance, certificates, the cohort's report.

A facilitator reaches only the cohorts they facilitate (staff reach all); anyone else gets 404,
as on the rest of the dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sessions_app.facilitator.csv import SafeWriter
from sessions_app.models import Cohort, Enrollment
from sessions_app.services import facilitated_cohorts

from ..attendance import attendance_grid, course_sessions, posted_marks
from ..charts import change_chart
from ..completion import completion_rule, standings
from ..forms import CompletionRuleForm
from ..models import Certificate
from ..reports import CSV_COLUMNS, cohort_rows, csv_rows, participation, survey_report
from ..selectors import current_instrument
from ..services import NotEligible, attendance_mark, certificate_issue, certificate_revoke


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


@login_required
def certificates(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    form = CompletionRuleForm(request.POST or None, instance=completion_rule(cohort))
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "The completion rule is saved.")
            return redirect("evaluation:certificates", cohort.pk)
        messages.error(request, "The rule was not saved: see the message next to the field.")
    return render(
        request,
        "evaluation/facilitator/certificates.html",
        {"cohort": cohort, "form": form, "rows": _certificate_rows(cohort)},
    )


def _certificate_rows(cohort):
    enrollments = list(cohort.enrollments.participants().select_related("user"))
    issued = {
        c.enrollment_id: c for c in Certificate.objects.valid().filter(enrollment__cohort=cohort)
    }
    by_enrollment = standings(cohort, enrollments)
    rows = [{"standing": by_enrollment[e.pk], "certificate": issued.get(e.pk)} for e in enrollments]
    return sorted(rows, key=lambda r: r["standing"].enrollment.user.display_name or "")


@login_required
@require_POST
def certificate_issue_view(request, cohort_id, enrollment_id):
    cohort = _cohort(request, cohort_id)
    enrollment = get_object_or_404(cohort.enrollments.participants(), pk=enrollment_id)
    try:
        certificate = certificate_issue(
            enrollment=enrollment, issued_by=request.user, by_facilitator=True
        )
        messages.success(request, f"Certificate {certificate.code} issued to {certificate.name}.")
    except NotEligible:
        messages.error(request, "Not issued: this participant does not meet the rule yet.")
    return redirect("evaluation:certificates", cohort.pk)


@login_required
@require_POST
def certificate_revoke_view(request, cohort_id, certificate_id):
    cohort = _cohort(request, cohort_id)
    certificate = get_object_or_404(
        Certificate.objects.valid().filter(enrollment__cohort=cohort), pk=certificate_id
    )
    certificate_revoke(certificate=certificate)
    messages.success(
        request, f"Certificate {certificate.code} is revoked: its code no longer checks."
    )
    return redirect("evaluation:certificates", cohort.pk)


def _participant_ids(cohorts) -> list[int]:
    return list(
        Enrollment.objects.participants().filter(cohort__in=cohorts).values_list("pk", flat=True)
    )


@login_required
def report(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    instrument = current_instrument()
    report = instrument and survey_report(_participant_ids([cohort]), instrument)
    return render(
        request,
        "evaluation/facilitator/report.html",
        {
            "cohort": cohort,
            "instrument": instrument,
            "report": report,
            "chart": _chart(report, cohort.pk),
            "participation": participation(cohort),
        },
    )


def _chart(report, name) -> str:
    if not report:
        return ""
    low, high = report["scale"]
    return change_chart(report["constructs"], low=low, high=high, id_prefix=f"change-{name}")


def _staff_only(request):
    if not request.user.is_staff:
        raise Http404("Only staff see the report across cohorts.")


@login_required
def report_all(request):
    _staff_only(request)
    instrument = current_instrument()
    cohorts = list(Cohort.objects.order_by("name"))
    report = instrument and survey_report(_participant_ids(cohorts), instrument)
    return render(
        request,
        "evaluation/facilitator/report_all.html",
        {
            "instrument": instrument,
            "report": report,
            "chart": _chart(report, "all"),
            "rows": cohort_rows(cohorts, instrument),
        },
    )


def _csv(filename, enrollment_ids):
    instrument = current_instrument()
    if instrument is None:
        raise Http404("No survey is loaded.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = SafeWriter(response)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(enrollment_ids, instrument):
        writer.writerow(row)
    return response


@login_required
def report_csv(request, cohort_id):
    cohort = _cohort(request, cohort_id)
    return _csv(f"evaluation-cohort-{cohort.pk}.csv", _participant_ids([cohort]))


@login_required
def report_all_csv(request):
    _staff_only(request)
    return _csv("evaluation-all-cohorts.csv", _participant_ids(Cohort.objects.all()))
