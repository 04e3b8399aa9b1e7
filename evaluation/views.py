"""The participant's evaluation pages: their course record (surveys, attendance, certificate)
and the survey itself. Every page starts from the person's own enrollment (404 for anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sessions_app.selectors import participant_enrollment
from worksheets.downloads import ProgressWords, pdf_download

from .certificates import CERTIFICATE
from .completion import standing_of
from .forms import SurveyForm
from .models import Certificate, Wave
from .selectors import (
    attendance_of,
    current_instrument,
    response_answers,
    wave_items,
    wave_offers,
)
from .services import (
    CertificateWithdrawn,
    NotEligible,
    SurveyClosed,
    certificate_issue,
    ensure_wave_open,
    survey_save,
)


def _instrument():
    instrument = current_instrument()
    if instrument is None:
        raise Http404("No survey is loaded.")
    return instrument


@login_required
def record(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    instrument = current_instrument()
    certificates = list(Certificate.objects.filter(enrollment=enrollment))
    valid = next((c for c in certificates if c.revoked_at is None), None)
    return render(
        request,
        "evaluation/record.html",
        {
            "enrollment": enrollment,
            "offers": wave_offers(enrollment, instrument) if instrument else [],
            "attendance": attendance_of(enrollment),
            "standing": standing_of(enrollment),
            "certificate": valid,
            "withdrawn": bool(certificates) and valid is None,
        },
    )


@login_required
def survey(request, cohort_id, wave):
    enrollment = participant_enrollment(request, cohort_id)
    instrument = _instrument()
    if wave not in Wave.values:
        raise Http404("No such survey.")
    items = wave_items(instrument, wave)
    if not items:
        raise Http404("This survey asks nothing at that time.")
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(items, response_answers(enrollment, instrument, wave), data=data)
    context = {"enrollment": enrollment, "instrument": instrument, "wave": Wave(wave), "form": form}
    try:
        if data is None:
            ensure_wave_open(enrollment=enrollment, wave=wave)
            return render(request, "evaluation/survey.html", context)
        outcome = survey_save(
            enrollment=enrollment,
            instrument=instrument,
            wave=wave,
            form=form,
            submit="submit" in request.POST,
        )
    except SurveyClosed:
        return render(request, "evaluation/survey_closed.html", context, status=403)
    if outcome.submitted:
        messages.success(request, "Thank you: your answers are in.")
        return redirect("evaluation:record", cohort_id)
    if outcome.complete and "submit" not in request.POST:
        messages.success(request, "Saved. You can come back and finish later.")
        return redirect("evaluation:survey", cohort_id, wave)
    context["outcome"] = outcome
    return render(
        request, "evaluation/survey.html", context, status=409 if outcome.conflicts else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def certificate_download(request, cohort_id):
    """The participant's own certificate, issued on the first download once they meet the rule:
    its stored PDF, or the page that waits for a task worker to make it (POST: try again)."""
    enrollment = participant_enrollment(request, cohort_id)
    try:
        certificate = certificate_issue(enrollment=enrollment, issued_by=request.user)
    except NotEligible as refusal:
        context = {
            "enrollment": enrollment,
            "standing": standing_of(enrollment),
            "withdrawn": isinstance(refusal, CertificateWithdrawn),
        }
        return render(request, "evaluation/certificate_not_yet.html", context, status=403)
    words = ProgressWords(
        noun="certificate",
        back_url=reverse("evaluation:record", args=[enrollment.cohort_id]),
        back_label="Back to your course record",
        unaffected="Your certificate is issued all the same: its code already checks.",
    )
    return pdf_download(request, CERTIFICATE, certificate, words)


def verify(request, code):
    """Anyone may check a certificate's code: only what is printed on it is shown."""
    normalised = "-".join(code.upper().replace("-", " ").split())
    certificate = Certificate.objects.valid().filter(code=normalised).first()
    if certificate is None:
        return render(request, "evaluation/verify_unknown.html", {"code": code[:40]}, status=404)
    return render(request, "evaluation/verify.html", {"certificate": certificate})
