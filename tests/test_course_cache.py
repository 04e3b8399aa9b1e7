"""Each process keeps a copy of the course; any change to the curriculum is seen at once."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from sessions_app.curriculum.cache import current_course
from sessions_app.models import CaseStudy, CurriculumStamp, Module, Prompt

from .browser import module_url

pytestmark = pytest.mark.django_db


def first_module_page(client, enrollment):
    module = Module.objects.in_course_order().first()
    response = client.get(module_url(enrollment, module))
    assert response.status_code == 200
    return response.content.decode()


def first_prompt():
    module = Module.objects.in_course_order().first()
    return Prompt.objects.active().filter(section__module=module).order_by("pk").first()


def test_the_course_is_read_once_while_the_curriculum_is_unchanged(curriculum):
    assert current_course() is current_course()


def edited_curriculum(tmp_path, prompt, edit):
    """The shipped file with `edit(prompts, prompt_data)` applied to the prompt's own entry."""
    data = yaml.safe_load(Path(settings.CURRICULUM_PATH).read_text(encoding="utf-8"))
    for session in data["sessions"]:
        for module in session["modules"]:
            for section in module["sections"]:
                if section["slug"] != prompt.section.slug:
                    continue
                for prompt_data in list(section.get("prompts", [])):
                    if prompt_data["slug"] == prompt.slug:
                        edit(section["prompts"], prompt_data)
    path = tmp_path / "curriculum.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_load_curriculum_with_an_edited_file_changes_the_module_page_at_once(
    participant_client, enrollment, tmp_path
):
    first_module_page(participant_client, enrollment)  # the copy is made
    prompt = first_prompt()
    path = edited_curriculum(
        tmp_path,
        prompt,
        lambda _, data: data.update(text="A question reworded by the facilitators."),
    )

    call_command("load_curriculum", str(path), verbosity=0)

    assert "A question reworded by the facilitators." in first_module_page(
        participant_client, enrollment
    )


def test_a_prompt_retired_by_load_curriculum_leaves_the_page_at_once(
    participant_client, enrollment, tmp_path
):
    prompt = first_prompt()
    field_name = f'name="s{prompt.section_id}-answers-p{prompt.pk}"'
    assert field_name in first_module_page(participant_client, enrollment)
    path = edited_curriculum(tmp_path, prompt, lambda prompts, data: prompts.remove(data))

    call_command("load_curriculum", str(path), verbosity=0)  # retires in bulk: no signal

    assert field_name not in first_module_page(participant_client, enrollment)


def test_an_admin_edit_of_a_prompt_or_a_case_study_is_seen_at_once(participant_client, enrollment):
    first_module_page(participant_client, enrollment)
    prompt = first_prompt()
    prompt.text = "Corrected in the admin."
    prompt.save()
    assert "Corrected in the admin." in first_module_page(participant_client, enrollment)

    case_study = CaseStudy.objects.first()
    before = CurriculumStamp.current()
    case_study.title = "A retitled case study"
    case_study.save()  # a proxy model: its signals carry its own name
    assert CurriculumStamp.current() != before


def test_every_change_gives_a_new_token(curriculum):
    tokens = set()
    for _ in range(3):
        CurriculumStamp.bump()
        tokens.add(CurriculumStamp.current())
    assert len(tokens) == 3
