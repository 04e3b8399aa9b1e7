"""An autosave carries and handles only the sections that were edited: the server builds,
checks and compares those parts alone, and every other section's records stay untouched."""

import pytest

from sessions_app.models import Module, Prompt
from worksheets.models import Answer
from worksheets.views import sections_sent

from .browser import autosave_url, module_url, page_data
from .factories import AnswerFactory

pytestmark = pytest.mark.django_db


def only_section(data, section_id):
    prefix = f"s{section_id}-"
    return {k: v for k, v in data.items() if k.startswith(prefix) or not k.startswith("s")}


def two_sections_with_prompts():
    module = next(
        m
        for m in Module.objects.in_course_order()
        if len({p.section_id for p in Prompt.objects.active().filter(section__module=m)}) >= 2
    )
    prompts = Prompt.objects.active().filter(section__module=module, row_label="")
    first = prompts.first()
    second = prompts.exclude(section_id=first.section_id).first()
    return module, first, second


def test_an_autosave_of_one_section_stores_it_and_leaves_every_other_section_untouched(
    participant_client, enrollment
):
    module, first, second = two_sections_with_prompts()
    other = AnswerFactory(enrollment=enrollment, prompt=second, text="Kept as it is")
    data = page_data(participant_client.get(module_url(enrollment, module)))
    data[f"s{first.section_id}-answers-p{first.pk}"] = "Only this section changed"

    response = participant_client.post(
        autosave_url(enrollment, module), only_section(data, first.section_id)
    )

    assert response["X-Autosave"] == "saved"
    assert Answer.objects.get(prompt=first).text == "Only this section changed"
    other_now = Answer.objects.get(pk=other.pk)
    assert (other_now.text, other_now.version, other_now.updated_at) == (
        "Kept as it is",
        other.version,
        other.updated_at,
    )
    html = response.content.decode()
    assert f"s{first.section_id}-answers-p{first.pk}-version" in html
    assert f"s{second.section_id}-" not in html  # the response is about the sent part only


def test_an_autosave_that_carries_no_section_stores_nothing_and_says_saved(
    participant_client, enrollment
):
    module, _, _ = two_sections_with_prompts()
    data = page_data(participant_client.get(module_url(enrollment, module)))

    response = participant_client.post(autosave_url(enrollment, module), only_section(data, 0))

    assert response.status_code == 200
    assert not Answer.objects.exists()


def test_the_sections_a_request_carries_are_read_from_the_field_names():
    assert sections_sent({"csrfmiddlewaretoken": "x"}) == set()
    assert sections_sent({"s12-a": "", "s12-b": "", "s7-c": "", "sx-d": "", "board-s9": ""}) == {
        12,
        7,
    }


def test_an_autosave_refusing_one_answer_stores_the_others_and_keeps_what_was_saved(
    participant_client, enrollment
):
    """The saved answers are read only when a value is refused (workbook.SavedAnswers): the
    refused answer keeps its saved text in the database, its neighbour in the section is
    stored, and the message stands next to the refused field."""
    from worksheets.models import MAX_ANSWER_LENGTH

    section_id = next(
        s
        for s in Prompt.objects.active().filter(row_label="").values_list("section_id", flat=True)
        if Prompt.objects.active().filter(section_id=s, row_label="").count() >= 2
    )
    first, second = Prompt.objects.active().filter(section_id=section_id, row_label="")[:2]
    module = first.section.module
    kept = AnswerFactory(enrollment=enrollment, prompt=second, text="Saved before")
    data = only_section(
        page_data(participant_client.get(module_url(enrollment, module))), section_id
    )
    data[f"s{section_id}-answers-p{first.pk}"] = "A fine answer"
    data[f"s{section_id}-answers-p{second.pk}"] = "x" * (MAX_ANSWER_LENGTH + 1)

    response = participant_client.post(autosave_url(enrollment, module), data)

    assert (response.status_code, response["X-Autosave"]) == (422, "invalid")
    assert Answer.objects.get(enrollment=enrollment, prompt=first).text == "A fine answer"
    assert Answer.objects.get(pk=kept.pk).text == "Saved before"
    html = response.content.decode()
    assert f'id="feedback-id_s{section_id}-answers-p{second.pk}"' in html
    assert "too long" in html
