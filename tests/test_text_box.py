"""The module page's text boxes: the same markup as crispy's bootstrap5 field, made faster."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from worksheets.forms import line_field, text_field
from worksheets.templatetags.worksheet_tags import text_box


class Boxes(forms.Form):
    question = text_field("What would <you> ask?", rows=4, help_text="One <em>idea</em> a line.")
    name = line_field("Mentor's name")
    signature = line_field("Typed name", required=True)
    signed_on = forms.DateField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    chosen = forms.MultipleChoiceField(
        label="Strategies",
        required=False,
        choices=[("a", "Ask"), ("b", "Book")],
        widget=forms.CheckboxSelectMultiple,
    )


def normalized(html) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


UNBOUND = Boxes(prefix="s1-answers")
BOUND_WITH_ERRORS = Boxes(
    data={
        "s1-answers-question": "  two\n lines  ",
        "s1-answers-name": "x" * 201,
        "s1-answers-signature": "",
        "s1-answers-signed_on": "not a date",
        "s1-answers-chosen": ["a"],
    },
    prefix="s1-answers",
)
BOUND_WITH_ERRORS.is_valid()


@pytest.mark.parametrize("form", [UNBOUND, BOUND_WITH_ERRORS], ids=["unbound", "with errors"])
@pytest.mark.parametrize("name", list(Boxes.base_fields))
def test_a_text_box_renders_exactly_as_crispy_does(form, name):
    # Each rendering gets its own form: crispy writes its CSS class into the widget.
    fresh = Boxes(data=form.data if form.is_bound else None, prefix=form.prefix)
    fresh.full_clean()
    expected = normalized(as_crispy_field(fresh[name]))
    assert normalized(text_box(form[name])) == expected
