from django import forms

from .models import FOUR_WAY_SCALES, MAX_CHECK_IN_MONTH, MAX_NOTE_LENGTH, Side, Status
from .services import GoalUpdate

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

    def clean(self):
        data = super().clean()
        if "agenda" in data and len(self._agenda(data)) > MAX_NOTE_LENGTH:
            self.add_error(
                "agenda",
                f"With the ticked topics the agenda would be over {MAX_NOTE_LENGTH:,} "
                "characters: shorten it or tick fewer.",
            )
        return data

    @staticmethod
    def _agenda(data) -> str:
        typed = data.get("agenda", "")
        lines = [typed.rstrip()] if typed.strip() else []
        return "\n".join(lines + [s for s in data.get("suggestions", []) if s not in typed])

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "planned_for": data["planned_for"],
            "agenda": self._agenda(data),
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


# --- check-ins ----------------------------------------------------------------------------------


class MonthsField(forms.CharField):
    """Months after the course, typed as "1, 3, 6"."""

    default_error_messages = {
        "invalid": f"Type whole months from 1 to {MAX_CHECK_IN_MONTH}, separated by commas.",
        "too_many": "Choose at most eight check-ins.",
    }

    def to_python(self, value):
        text = super().to_python(value)
        pieces = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        if not all(p.isascii() and p.isdigit() and len(p) <= 2 for p in pieces):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        months = sorted({int(p) for p in pieces})
        if any(not 1 <= m <= MAX_CHECK_IN_MONTH for m in months):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(months) > 8:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        return months

    def prepare_value(self, value):
        return ", ".join(str(m) for m in value) if isinstance(value, list) else value


class CheckInPlanForm(forms.Form):
    months = MonthsField(
        label="Check in after (months)",
        required=False,
        max_length=60,
        help_text="Leave empty to follow your cohort's plan.",
    )
    reminders = forms.BooleanField(label="E-mail me when a check-in is due", required=False)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class CohortCheckInsForm(forms.Form):
    months = MonthsField(label="Check-ins after the last session (months)", max_length=60)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _four_way_field(measure, domain, low, high):
    return forms.IntegerField(
        label=f"{measure['title']}: {domain['title']}",
        required=False,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"Type a whole number from {low} to {high}.",
            "min_value": f"Use a number from {low} to {high}.",
            "max_value": f"Use a number from {low} to {high}.",
        },
        widget=forms.NumberInput(attrs={"min": low, "max": high, "class": "form-control-sm"}),
    )


class CheckInForm(forms.Form):
    """One check-in: for each open goal its status and a note, the three questions, and, when
    any of it is filled in, a re-take of the four-way view."""

    what_helped = note_field("What helped?", rows=3)
    in_the_way = note_field("What is in the way?", rows=3)
    next_step = note_field("Your next step", rows=2)

    def __init__(self, *args, goals, four_way_spec=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for item in goals:
            key = f"goal-{item.goal.pk}"
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label="Status", choices=Status.choices, initial=item.tracking.status
            )
            self.fields[f"{key}-note"] = note_field("A line on it", rows=2)
            self.fields[f"{key}-version"] = forms.IntegerField(
                min_value=0, initial=item.tracking.version, widget=forms.HiddenInput
            )
        self.four_way_names = []
        for measure in (four_way_spec or {}).get("measures", []):
            low, high = FOUR_WAY_SCALES[measure["slug"]]
            for domain in four_way_spec["domains"]:
                name = f"{measure['slug']}_{domain['slug']}"
                self.fields[f"fw-{name}"] = _four_way_field(measure, domain, low, high)
                self.four_way_names.append(name)

    def goal_rows(self):
        for item in self.goals:
            key = f"goal-{item.goal.pk}"
            yield item, self[f"{key}-status"], self[f"{key}-note"], self[f"{key}-version"]

    def four_way_rows(self):
        return [self[f"fw-{name}"] for name in self.four_way_names]

    def clean(self):
        data = super().clean()
        for item in self.goals:
            key = f"goal-{item.goal.pk}"
            dropping = data.get(f"{key}-status") == Status.DROPPED != item.tracking.status
            if dropping and not (data.get(f"{key}-note") or "").strip():
                self.add_error(f"{key}-note", "Say in a line why you drop this goal.")
        return data

    def goal_answers(self) -> list:
        data = self.cleaned_data
        return [
            (
                item,
                GoalUpdate(
                    data[f"goal-{item.goal.pk}-status"],
                    item.tracking.target_date,
                    data[f"goal-{item.goal.pk}-note"],
                ),
                data[f"goal-{item.goal.pk}-version"],
            )
            for item in self.goals
        ]

    def reflection(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("what_helped", "in_the_way", "next_step")
        }

    def four_way(self) -> dict | None:
        values = {name: self.cleaned_data.get(f"fw-{name}") for name in self.four_way_names}
        return values if any(v is not None for v in values.values()) else None
