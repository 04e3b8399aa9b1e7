from django import forms

from ..models import Cohort, CohortSession


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name"]
        labels = {"name": "Cohort name"}
        help_texts = {"name": "For example: Postdoc mentoring up, spring 2027."}


class ScheduleForm(forms.ModelForm):
    """When and where a session meets, and whether participants can write in it."""

    class Meta:
        model = CohortSession
        fields = ["starts_at", "location", "is_open"]
        labels = {
            "starts_at": "Date and time",
            "location": "Room or video link",
            "is_open": "Open for participants",
        }
        help_texts = {"location": "", "is_open": ""}
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }


class InviteForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paste one or many: one per line, or separated by commas or semicolons.",
        max_length=20_000,
        error_messages={"required": "Paste at least one e-mail address."},
    )
