"""The survey page's form, and the facilitator's completion rule.

Each item carries, hidden, the version of its answer the page showed and the value it showed:
only an item whose posted value differs from what was shown is a change, saved against that
version (worksheets/services.py: versioned_save), so a stale tab cannot overwrite newer answers."""

from dataclasses import dataclass

from django import forms

from worksheets.services import Change

from .models import MAX_TEXT_ANSWER, CompletionRule, Item, SurveyAnswer

YES_NO = [("1", "Yes"), ("0", "No")]


def stored_value(answer: SurveyAnswer | None, item: Item) -> str:
    """An answer as the form shows it: a scale point or 1/0 as text, a choice's slug, the text."""
    if answer is None:
        return ""
    if item.is_numeric:
        return "" if answer.number is None else str(answer.number)
    return answer.text


def display_value(value: str, item: Item) -> str:
    """What a person reads for a stored value (in a conflict: the other tab's answer)."""
    if value == "":
        return "(no answer)"
    if item.kind == Item.Kind.YES_NO:
        return dict(YES_NO).get(value, value)
    if item.kind == Item.Kind.CHOICE:
        return {c["slug"]: c["label"] for c in item.choices}.get(value, value)
    return value


def _field(item: Item) -> forms.Field:
    label = item.text
    if item.kind == Item.Kind.TEXT:
        return forms.CharField(
            label=label,
            required=False,
            max_length=MAX_TEXT_ANSWER,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    if item.kind == Item.Kind.SCALE:
        choices = [(str(n), str(n)) for n in item.scale_points]
    elif item.kind == Item.Kind.YES_NO:
        choices = YES_NO
    else:
        choices = [(c["slug"], c["label"]) for c in item.choices]
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _refusal(item)},
    )


def _refusal(item: Item) -> str:
    if item.kind == Item.Kind.SCALE:
        return (
            f"“%(value)s” is not on this scale: choose one of {item.scale_min} to {item.scale_max}."
        )
    return "“%(value)s” is not one of the answers: choose one of those shown."


@dataclass
class Row:
    """One item on the page: its field, and a conflict with another tab's answer if any."""

    item: Item
    field: forms.BoundField
    conflict: str = ""  # the other tab's answer, as a person reads it
    text: str = ""  # the question as this respondent reads it


class SurveyForm(forms.Form):
    def __init__(
        self, items: list[Item], answers: dict[int, SurveyAnswer], data=None, *, mentor=False
    ):
        super().__init__(data)
        self.items = items
        self.mentor = mentor
        self.conflicts: dict[str, str] = {}
        for item in items:
            answer = answers.get(item.pk)
            shown = stored_value(answer, item)
            self.fields[f"item-{item.slug}"] = _field(item)
            self.initial[f"item-{item.slug}"] = shown
            self.fields[f"version-{item.slug}"] = _hidden(forms.IntegerField(min_value=0))
            self.initial[f"version-{item.slug}"] = answer.version if answer else 0
            self.fields[f"shown-{item.slug}"] = _hidden(forms.CharField(strip=False))
            self.initial[f"shown-{item.slug}"] = shown

    def clean(self):
        for item in self.items:
            hidden = [f"version-{item.slug}", f"shown-{item.slug}"]
            if (
                any(name in self.errors for name in hidden)
                and f"item-{item.slug}" not in self.errors
            ):
                self.add_error(
                    f"item-{item.slug}",
                    "Not saved: the page sent this answer without what it showed. Reload the "
                    "page and answer again.",
                )
        return self.cleaned_data

    def rows(self) -> list[Row]:
        return [
            Row(
                item,
                self[f"item-{item.slug}"],
                self.conflicts.get(item.slug, ""),
                item.mentor_text if self.mentor else item.text,
            )
            for item in self.items
        ]

    def changes(self, response) -> list[Change]:
        """The items whose new value can be stored and differs from what the page showed."""
        changes = []
        for item in self.items:
            name = f"item-{item.slug}"
            if name in self.errors or f"version-{item.slug}" in self.errors:
                continue
            if item.kind != Item.Kind.TEXT and name not in self.data:
                continue  # a chosen radio button cannot be unchosen: nothing sent, no change
            value = self.cleaned_data[name]
            if value == self.cleaned_data.get(f"shown-{item.slug}", ""):
                continue
            changes.append(
                Change(
                    model=SurveyAnswer,
                    lookup={"response": response, "item": item},
                    values=_values(item, value),
                    base_version=self.cleaned_data.get(f"version-{item.slug}") or 0,
                    field=item.slug,
                )
            )
        return changes

    def move_on(self, item: Item, answer: SurveyAnswer, *, conflict: bool) -> None:
        """After a save: the page now stands on the stored answer's version. What was typed
        stays in the field; on a conflict, the stored answer is shown beside it, and saving
        again keeps what was typed."""
        self.data = self.data.copy()
        self.data[f"version-{item.slug}"] = str(answer.version)
        self.data[f"shown-{item.slug}"] = stored_value(answer, item)
        if conflict:
            self.conflicts[item.slug] = display_value(stored_value(answer, item), item)


def _hidden(field: forms.Field) -> forms.Field:
    field.required = False
    field.widget = forms.HiddenInput()
    return field


def _values(item: Item, value: str) -> dict:
    if item.is_numeric:
        return {"number": int(value) if value != "" else None, "text": ""}
    return {"number": None, "text": value}


class CompletionRuleForm(forms.ModelForm):
    class Meta:
        model = CompletionRule
        fields = ["sessions_attended", "modules_complete", "post_survey_done"]
        labels = {
            "sessions_attended": "Sessions attended, at least",
            "modules_complete": "Every module of the workbook complete",
            "post_survey_done": "The survey after the course submitted",
        }
