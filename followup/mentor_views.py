"""The meeting log as a mentor sees it through their private link: only that link's meetings
with the participant, never another mentor's."""

from django.shortcuts import get_object_or_404, redirect, render

from mentoring import throttle
from worksheets.mentor.forms import MentorQuestionnaireForm
from worksheets.mentor.services import mentor_link_for_token, worksheet

from .meeting_page import SAVED, meeting_page
from .models import Side
from .selectors import meetings_with
from .services import MeetingNotAllowed, questionnaire_round_add


def _page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    # As on every page of a mentor link: the token is in the address.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store, private"
    return response


def _link_or_page(request, token):
    """(link, None) for a working link, else (None, the page saying why), as the mentor's other
    pages answer (worksheets/mentor/views.py): throttled guesses, unknown, expired or revoked."""
    if throttle.too_many_misses(request, throttle.MENTOR_LINK):
        return None, _page(request, "mentor/unusable.html", {"reason": "throttled"}, 429)
    link = mentor_link_for_token(token) if throttle.is_well_formed(token) else None
    if link is None:
        throttle.record_miss(request, throttle.MENTOR_LINK)
        return None, _page(request, "mentor/unusable.html", {"reason": "unknown"}, 404)
    if link.state != "active":
        return None, _page(request, "mentor/unusable.html", {"reason": link.state}, 410)
    return link, None


def mentor_meetings(request, token):
    link, refused = _link_or_page(request, token)
    if refused:
        return refused
    context = {"link": link, "token": token, "meetings": meetings_with(link)}
    return _page(request, "followup/mentor_meetings.html", context)


def mentor_meeting(request, token, meeting_id):
    link, refused = _link_or_page(request, token)
    if refused:
        return refused
    found = get_object_or_404(meetings_with(link), pk=meeting_id)
    try:
        page = meeting_page(request, found, Side.MENTOR)
    except MeetingNotAllowed:
        return _page(request, "mentor/unusable.html", {"reason": "expired"}, 410)
    if page.outcome == SAVED:
        return redirect("followup:mentor_meeting", token, meeting_id)
    context = {"link": link, "token": token, "page": page, "meeting": found}
    return _page(request, "followup/mentor_meeting.html", context, status=page.status)


def mentor_questionnaire_again(request, token):
    """The mentor answers the questionnaire again: a new dated round beside their first."""
    link, refused = _link_or_page(request, token)
    if refused:
        return refused
    section = worksheet("questionnaire")
    data = request.POST if request.method == "POST" else None
    form = MentorQuestionnaireForm(data, section=section, ratings={})
    if form.is_bound and form.is_valid():
        if form.ratings():
            try:
                questionnaire_round_add(ratings=form.ratings(), link=link)
            except MeetingNotAllowed:
                return _page(request, "mentor/unusable.html", {"reason": "expired"}, 410)
            return redirect("mentor:home", token)
        form.add_error(None, "Choose a rating for at least one pair, or go back.")
    context = {"link": link, "token": token, "form": form, "section": section}
    return _page(request, "followup/mentor_questionnaire_again.html", context)
