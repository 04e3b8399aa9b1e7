from django import forms

from .models import MAX_NOTE_LENGTH, Side, Status

NOTE_TOO_LONG = f"Keep the note under {MAX_NOTE_LENGTH:,} characters (it has %(show_value)s)."


def note_field(label, *, rows=2, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_NOTE_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": NOTE_TOO_LONG},
    )


def date_field(label, **options):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date such as 2026-09-30."},
        **options,
    )


class GoalForm(forms.Form):
    """A goal's status and target date, and a line for its history."""

    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        error_messages={"invalid_choice": "Choose one of the four statuses."},
    )
    target_date = date_field("Target date", help_text="When you mean to have it done.")
    note = note_field(
        "Progress note", help_text="A line or two for the goal's history: what happened, dated."
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    @classmethod
    def for_tracking(cls, tracking, data=None, **kwargs):
        initial = {
            "status": tracking.status,
            "target_date": tracking.target_date,
            "version": tracking.version if tracking.pk else 0,
        }
        return cls(data, initial=initial, **kwargs)


class MeetingNewForm(forms.Form):
    link = forms.ModelChoiceField(
        label="With",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your mentors whose link works."},
    )
    planned_for = date_field("On")

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links


class AgendaForm(forms.Form):
    """The participant's side of a meeting: when, the agenda, their notes."""

    planned_for = date_field("Date of the meeting")
    suggestions = forms.MultipleChoiceField(
        label="Add to the agenda",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "That topic is no longer suggested; tick another."},
    )
    agenda = note_field("Agenda", rows=5, help_text="One topic a line.")
    participant_notes = note_field("My notes", rows=5)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestions"].choices = [(text, text) for text in suggestions]

    def values(self) -> dict:
        data = self.cleaned_data
        lines = [data["agenda"].rstrip()] if data["agenda"].strip() else []
        agenda = "\n".join(lines + [s for s in data["suggestions"] if s not in data["agenda"]])
        return {
            "planned_for": data["planned_for"],
            "agenda": agenda,
            "participant_notes": data["participant_notes"],
        }


class MentorNotesForm(forms.Form):
    mentor_notes = note_field("Your notes", rows=5)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def values(self) -> dict:
        return {"mentor_notes": self.cleaned_data["mentor_notes"]}


class ActionItemForm(forms.Form):
    text = forms.CharField(
        label="Action item",
        max_length=300,
        error_messages={
            "required": "Say what is to be done.",
            "max_length": "Keep it under 300 characters (it has %(show_value)s).",
        },
    )
    owner = forms.ChoiceField(label="Who", choices=Side.choices)
    due_on = date_field("By")


class ItemDoneForm(forms.Form):
    item = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    done = forms.BooleanField(required=False)
    version = forms.IntegerField(min_value=1)


def meeting_forms(meeting, side, data=None, *, suggestions=(), do="") -> dict:
    """The meeting page's forms; the one named by `do` is bound to what was posted."""
    initial = {name: getattr(meeting, name) for name in ("planned_for", "participant_notes")}
    initial |= {"agenda": meeting.agenda, "mentor_notes": meeting.mentor_notes}
    initial["version"] = meeting.version
    notes = AgendaForm if side == Side.PARTICIPANT else MentorNotesForm
    options = {"suggestions": suggestions} if side == Side.PARTICIPANT else {}
    return {
        "notes": notes(data if do == "save" else None, initial=initial, **options),
        "item": ActionItemForm(data if do == "add_item" else None, prefix="item"),
    }
