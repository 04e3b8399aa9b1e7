"""The mentor's version of the survey, through the participant's private mentor link.

The mentor answers only the items that have a mentor version, at the waves open for the
participant's cohort; the answers are theirs, kept apart from the participant's and from other
mentors'. A link that is unknown, expired or withdrawn reaches nothing (with the same guess
limit as the mentor's other pages)."""

from django.http import Http404
from django.shortcuts import redirect

from worksheets.mentor.pages import link_or_page, mentor_page
from worksheets.mentor.services import record

from ..forms import SurveyForm
from ..models import Wave
from ..selectors import current_instrument, mentor_items, response_answers
from ..services import SurveyClosed, ensure_wave_open, survey_save


def mentor_survey(request, token, wave):
    link, page = link_or_page(request, token)
    if page:
        return page
    instrument = current_instrument()
    items = mentor_items(instrument, wave) if instrument and wave in Wave.values else []
    if not items:
        raise Http404("No mentor survey at that time.")
    enrollment = link.enrollment
    data = request.POST if request.method == "POST" else None
    answers = response_answers(enrollment, instrument, wave, mentor_link=link)
    form = SurveyForm(items, answers, data=data, mentor=True)
    context = {"link": link, "token": token, "instrument": instrument, "wave": Wave(wave)}
    context |= {"form": form, "saved": request.GET.get("saved") == "1" and data is None}
    try:
        if data is None:
            ensure_wave_open(enrollment=enrollment, wave=wave)
            return mentor_page(request, "evaluation/mentor_survey.html", context)
        outcome = survey_save(
            enrollment=enrollment,
            instrument=instrument,
            wave=wave,
            form=form,
            submit="submit" in request.POST,
            mentor_link=link,
        )
    except SurveyClosed:
        return mentor_page(request, "evaluation/mentor_survey_closed.html", context, 403)
    if outcome.submitted:
        record(link, f"answered the survey ({Wave(wave).label.lower()})")
        return redirect("mentor:home", token)
    if outcome.complete and "submit" not in request.POST:
        return redirect(f"{request.path}?saved=1")
    context["outcome"] = outcome
    status = 409 if outcome.conflicts else 200
    return mentor_page(request, "evaluation/mentor_survey.html", context, status)
