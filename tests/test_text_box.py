"""The module page's text boxes and hidden inputs: the markup of crispy and Django, made faster."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from sessions_app.models import Prompt, Section
from worksheets.forms import line_field, text_field
from worksheets.templatetags.worksheet_tags import row_meta_inputs, text_box, text_widget
from worksheets.workbook import ModuleWorkbook

from .factories import AnswerFactory


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


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True], ids=["page", "page sent back"])
def test_hidden_row_inputs_render_exactly_as_django_does(enrollment, bound):
    section = Section.objects.active().get(worksheet_type="four_way_view")
    prompt = Prompt.objects.active().filter(section__module=section.module).first()
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="<b>")
    data = {f"s{section.pk}-fourway-record-version": "4"} if bound else None
    workbook = ModuleWorkbook(enrollment=enrollment, module=section.module, data=data)

    for form in workbook.forms:
        assert form.row_keys
        assert row_meta_inputs(form) == "".join(str(meta) for meta in form.row_meta_fields())


@pytest.mark.parametrize(
    "typed", ["", "\nstarts with a newline", '  <b>"quoted" & spaced</b>  ', "0"]
)
@pytest.mark.parametrize("name", ["question", "name", "signature", "signed_on"])
def test_a_text_widget_is_character_for_character_djangos(name, typed):
    form = Boxes(data={f"s1-answers-{name}": typed}, prefix="s1-answers")
    form.full_clean()
    for field in (form[name], UNBOUND[name]):
        attrs = {"class": "textarea form-control is-invalid"}
        assert text_widget(field, attrs) == field.as_widget(attrs=attrs)
