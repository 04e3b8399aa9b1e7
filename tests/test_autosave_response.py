"""What an autosave answers: the rows it saved move on, nothing else on the page is touched."""

import html
import re

import pytest

from sessions_app.models import Module, Prompt, Section
from worksheets.models import Answer, MentorshipAgreement

from .browser import autosave_url, module_url, page_data
from .factories import AnswerFactory

pytestmark = pytest.mark.django_db

OOB_INPUT = re.compile(
    r'<input type="hidden" name="([^"]+)" id="id_\1" value="([^"]*)" hx-swap-oob'
)


def oob_inputs(response) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in OOB_INPUT.findall(response.text)}


def open_page(client, enrollment, module):
    return page_data(client.get(module_url(enrollment, module)))


def autosave(client, enrollment, module, data):
    """Post like htmx, then take the out-of-band inputs into the page as htmx does."""
    response = client.post(autosave_url(enrollment, module), data, HTTP_HX_REQUEST="true")
    data.update(oob_inputs(response))
    return response


def two_prompts():
    module = Module.objects.in_course_order().first()
    first, second = Prompt.objects.active().filter(section__module=module)[:2]
    return module, first, second


def answer_key(prompt):
    return f"s{prompt.section_id}-answers-p{prompt.pk}"


def test_autosave_moves_on_only_the_rows_it_saved(participant_client, enrollment):
    module, edited, other = two_prompts()
    AnswerFactory(enrollment=enrollment, prompt=other, text="Shown on this page")
    data = open_page(participant_client, enrollment, module)
    Answer.objects.filter(prompt=other).update(text="Saved in another tab", version=2)
    data[answer_key(edited)] = "Typed here"

    response = autosave(participant_client, enrollment, module, data)

    assert response["X-Autosave"] == "saved"
    assert set(oob_inputs(response)) == {
        f"{answer_key(edited)}-version",
        f"{answer_key(edited)}-shown",
    }
    assert data[f"{answer_key(edited)}-version"] == "1"
    assert data[f"{answer_key(other)}-version"] == "1"  # still the version its text came from


def test_an_untouched_row_edited_later_conflicts_instead_of_overwriting(
    participant_client, enrollment
):
    module, edited, other = two_prompts()
    AnswerFactory(enrollment=enrollment, prompt=other, text="Shown on this page")
    data = open_page(participant_client, enrollment, module)
    Answer.objects.filter(prompt=other).update(text="Saved in another tab", version=2)
    data[answer_key(edited)] = "Typed here"
    autosave(participant_client, enrollment, module, data)
    data[answer_key(other)] = "Typed here later"

    response = autosave(participant_client, enrollment, module, data)

    assert response.status_code == 409
    assert Answer.objects.get(prompt=other).text == "Saved in another tab"


def test_a_second_autosave_of_the_same_page_changes_nothing(participant_client, enrollment):
    module, edited, _ = two_prompts()
    data = open_page(participant_client, enrollment, module)
    data[answer_key(edited)] = "Typed once"
    autosave(participant_client, enrollment, module, data)

    response = autosave(participant_client, enrollment, module, data)

    assert response["X-Autosave"] == "saved"
    assert oob_inputs(response) == {}
    assert Answer.objects.get(prompt=edited).version == 1


def test_a_page_moved_on_by_an_autosave_matches_a_reloaded_page(participant_client, enrollment):
    """The version and fingerprint sent back are those a reload would show, for a structured
    worksheet too (the agreement writes values that the page never shows)."""
    section = Section.objects.active().get(worksheet_type="agreement")
    data = open_page(participant_client, enrollment, section.module)
    prefix = f"s{section.pk}-agreement-"
    data[f"{prefix}mentor_name"] = "Dr. Osei"
    data[f"{prefix}mentee_signature"] = "Alex Rivera"
    data[f"{prefix}mentee_signed_on"] = "2026-10-02"
    autosave(participant_client, enrollment, section.module, data)
    data[f"{prefix}part_goals"] = "Publish the second paper"  # clears the signature
    autosave(participant_client, enrollment, section.module, data)
    data[f"{prefix}mentee_signature"] = ""
    data[f"{prefix}mentee_signed_on"] = ""

    reloaded = open_page(participant_client, enrollment, section.module)

    for name in (f"{prefix}record-version", f"{prefix}record-shown"):
        assert data[name] == reloaded[name]
    assert MentorshipAgreement.objects.get(section=section).version == 2
