"""The meeting log as a mentor sees it through their private link: only that link's meetings
with the participant, never another mentor's."""

from django.shortcuts import get_object_or_404, redirect

from worksheets.mentor.forms import MentorQuestionnaireForm
from worksheets.mentor.pages import link_or_page, mentor_page
from worksheets.mentor.services import worksheet

from .meeting_page import SAVED, meeting_page
from .models import Side
from .selectors import meetings_with
from .services import MeetingNotAllowed, questionnaire_round_add


def mentor_meetings(request, token):
    link, refused = link_or_page(request, token)
    if refused:
        return refused
    context = {"link": link, "token": token, "meetings": meetings_with(link)}
    return mentor_page(request, "followup/mentor_meetings.html", context)


def mentor_meeting(request, token, meeting_id):
    link, refused = link_or_page(request, token)
    if refused:
        return refused
    found = get_object_or_404(meetings_with(link), pk=meeting_id)
    try:
        page = meeting_page(request, found, Side.MENTOR)
    except MeetingNotAllowed:
        return mentor_page(request, "mentor/unusable.html", {"reason": "expired"}, 410)
    if page.outcome == SAVED:
        return redirect("followup:mentor_meeting", token, meeting_id)
    context = {"link": link, "token": token, "page": page, "meeting": found}
    return mentor_page(request, "followup/mentor_meeting.html", context, status=page.status)


def mentor_questionnaire_again(request, token):
    """The mentor answers the questionnaire again: a new dated round beside their first."""
    link, refused = link_or_page(request, token)
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
                return mentor_page(request, "mentor/unusable.html", {"reason": "expired"}, 410)
            return redirect("mentor:home", token)
        form.add_error(None, "Choose a rating for at least one pair, or go back.")
    context = {"link": link, "token": token, "form": form, "section": section}
    return mentor_page(request, "followup/mentor_questionnaire_again.html", context)
