from django import forms

from .models import MAX_NOTE_LENGTH, Status

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
