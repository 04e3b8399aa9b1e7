"""The participant's evaluation pages: their course record (surveys, attendance, certificate)
and the survey itself. Every page starts from the person's own enrollment (404 for anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from sessions_app.selectors import participant_enrollment

from .forms import SurveyForm
from .models import Wave
from .selectors import (
    attendance_of,
    current_instrument,
    response_answers,
    wave_items,
    wave_offers,
)
from .services import SurveyClosed, ensure_wave_open, survey_save


def _instrument():
    instrument = current_instrument()
    if instrument is None:
        raise Http404("No survey is loaded.")
    return instrument


@login_required
def record(request, cohort_id):
    enrollment = participant_enrollment(request, cohort_id)
    instrument = current_instrument()
    return render(
        request,
        "evaluation/record.html",
        {
            "enrollment": enrollment,
            "offers": wave_offers(enrollment, instrument) if instrument else [],
            "attendance": attendance_of(enrollment),
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
