"""What a post to a meeting's page does, the same for both sides (the participant's page and
the mentor's, through their link): save one side's notes, add an action item, tick one done,
or (the mentor) confirm the meeting took place."""

from dataclasses import dataclass, field

from .forms import ItemDoneForm, meeting_forms
from .models import Side
from .selectors import agenda_suggestions
from .services import action_item_add, action_item_done, meeting_confirm, meeting_save

SAVED, CONFLICT, INVALID, SHOWN = "saved", "conflict", "invalid", "shown"


@dataclass
class MeetingPage:
    meeting: object
    side: str
    forms: dict = field(default_factory=dict)
    outcome: str = SHOWN

    @property
    def status(self) -> int:
        return 409 if self.outcome == CONFLICT else 200


def meeting_page(request, meeting, side) -> MeetingPage:
    """Raises MeetingNotAllowed when the mentor's link stopped working."""
    data = request.POST if request.method == "POST" else None
    do = data.get("do", "") if data is not None else ""
    suggestions = (
        agenda_suggestions(meeting.enrollment, meeting.link) if side == Side.PARTICIPANT else ()
    )
    page = MeetingPage(
        meeting, side, meeting_forms(meeting, side, data, suggestions=suggestions, do=do)
    )
    if data is not None:
        page.outcome = _ACTIONS.get(do, _nothing)(page, data, suggestions)
    return page


def _nothing(page, data, suggestions) -> str:
    return INVALID


def _save(page, data, suggestions) -> str:
    form = page.forms["notes"]
    if not form.is_valid():
        return INVALID
    conflict = meeting_save(
        meeting=page.meeting,
        side=page.side,
        values=form.values(),
        base_version=form.cleaned_data["version"],
    )
    if conflict is None:
        return SAVED
    page.meeting.refresh_from_db()
    again = data.copy()
    again["version"] = str(page.meeting.version)
    options = {"suggestions": suggestions} if page.side == Side.PARTICIPANT else {}
    page.forms["notes"] = type(form)(again, **options)
    page.forms["notes"].is_valid()
    return CONFLICT


def _add_item(page, data, suggestions) -> str:
    form = page.forms["item"]
    if not form.is_valid():
        return INVALID
    action_item_add(meeting=page.meeting, side=page.side, **form.cleaned_data)
    return SAVED


def _item_done(page, data, suggestions) -> str:
    form = ItemDoneForm(data)
    item = (
        form.is_valid() and page.meeting.action_items.filter(pk=form.cleaned_data["item"]).first()
    )
    if not item:
        return INVALID
    done = form.cleaned_data["done"]
    conflict = action_item_done(
        item=item, side=page.side, done=done, base_version=form.cleaned_data["version"]
    )
    return SAVED if conflict is None else CONFLICT


def _confirm(page, data, suggestions) -> str:
    if page.side != Side.MENTOR:
        return INVALID
    meeting_confirm(meeting=page.meeting, link=page.meeting.link)
    return SAVED


_ACTIONS = {"save": _save, "add_item": _add_item, "item_done": _item_done, "confirm": _confirm}
