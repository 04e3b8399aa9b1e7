"""The forms of the mentor's side: the postdoc's new link, and the mentor's questionnaire and
agreement pages."""

from django import forms

from ..forms import line_field, text_field
from ..models import MentorLink


class MentorLinkForm(forms.Form):
    mentor_name = line_field("Your mentor's name", required=True)
    mentor_email = forms.EmailField(
        label="Their e-mail (optional)",
        required=False,
        max_length=MentorLink._meta.get_field("mentor_email").max_length,
        help_text="Given, we e-mail them the link; otherwise copy it and send it yourself.",
    )
    agreement_mentor = forms.BooleanField(
        label="My mentorship agreement is with this mentor (only they can sign it)",
        required=False,
    )
    may_comment = forms.BooleanField(
        label="They may comment on my agreement, also when it is with another mentor",
        required=False,
    )

    def __init__(self, *args, agreement_has_mentor=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement_mentor"].initial = not agreement_has_mentor


class RevokeForm(forms.Form):
    answers = forms.ChoiceField(
        label="Their answers",
        choices=[
            ("keep", "Keep their questionnaire answers and comments"),
            ("delete", "Delete their questionnaire answers and comments"),
        ],
        initial="keep",
        required=False,  # not chosen: kept, nothing is deleted without being asked
        widget=forms.RadioSelect,
    )


def rating_choices(spec):
    return [(n, str(n)) for n in range(spec["scale"]["min"], spec["scale"]["max"] + 1)]


class MentorQuestionnaireForm(forms.Form):
    def __init__(self, *args, section, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.items = [item for stage in section.spec["stages"] for item in stage["items"]]
        for number, item in enumerate(self.items, start=1):
            self.fields[item["slug"]] = forms.TypedChoiceField(
                label=f"{number}. {item['left']} — or — {item['right']}",
                required=False,
                coerce=int,
                empty_value=None,
                choices=rating_choices(section.spec),
                widget=forms.RadioSelect,
                initial=ratings.get(item["slug"]),
                error_messages={"invalid_choice": "Choose a rating from 1 to 6."},
            )

    def ratings(self) -> dict[str, int]:
        return {slug: value for slug, value in self.cleaned_data.items() if value is not None}


class MentorAgreementForm(forms.Form):
    """The mentor's side of the agreement: comments (the agreement's mentor, or another the
    participant lets comment) and the signature (the agreement's mentor only), on the version
    of the agreement the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, section, agreement, link, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.fields["version"].initial = agreement.version if agreement.pk else 0
        self.parts = list(section.spec.get("sections", [])) if section else []
        if role == "nothing":
            self.parts = []
        for part in self.parts:
            self.fields[f"comment_{part['slug']}"] = text_field(
                f"Your comment on [{part['number']}] {part['title']}",
                rows=2,
                initial=link.comments.get(part["slug"], ""),
            )
        if role == "signs":
            self.fields["signature"] = line_field("Your typed name, to sign")
            self.fields["signed_on"] = forms.DateField(
                label="Date",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": "Enter a date such as 2026-10-02."},
            )
            self.fields["signature"].initial = agreement.mentor_signature
            self.fields["signed_on"].initial = agreement.mentor_signed_on

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors:
            self.errors.pop("version")
            raise forms.ValidationError(
                "This page was sent without the version of the agreement it showed. Reload it, "
                "read the agreement and save again."
            )
        if cleaned.get("signature") and not cleaned.get("signed_on"):
            self.add_error("signed_on", "Add the date of your signature.")
        if cleaned.get("signed_on") and not cleaned.get("signature"):
            self.add_error("signature", "Type your name to sign, or clear the date.")
        return cleaned

    def comments(self) -> dict[str, str]:
        return {p["slug"]: self.cleaned_data[f"comment_{p['slug']}"] for p in self.parts}
