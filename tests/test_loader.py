"""load_curriculum: idempotent, keyed on slugs, never loses an answer."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from sessions_app.curriculum.loader import curriculum_load
from sessions_app.curriculum.reader import CurriculumError
from sessions_app.models import Module, Prompt, Section
from worksheets.models import Answer

from .factories import AnswerFactory

pytestmark = pytest.mark.django_db


def shipped():
    return yaml.safe_load(Path(settings.CURRICULUM_PATH).read_text(encoding="utf-8"))


def write(tmp_path, data):
    path = tmp_path / "curriculum.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def snapshot():
    return (
        list(Module.objects.values_list("pk", "title", "intro", "objectives", "position")),
        list(
            Section.objects.values_list(
                "pk", "title", "body", "spec", "position", "is_optional", "is_active"
            )
        ),
        list(Prompt.objects.values_list("pk", "text", "position", "is_active")),
    )


def test_loading_the_same_file_twice_changes_nothing(curriculum):
    before = snapshot()
    report = curriculum_load(path=settings.CURRICULUM_PATH)
    assert not report.changed
    assert snapshot() == before


def test_loading_an_edited_file_updates_text_and_keeps_answers(enrollment, tmp_path):
    data = shipped()
    first_module = data["sessions"][0]["modules"][0]
    first_prompt_section = next(s for s in first_module["sections"] if s.get("prompts"))
    prompt_data = first_prompt_section["prompts"][0]
    prompt = Prompt.objects.get(
        section__module__slug=first_module["slug"],
        section__slug=first_prompt_section["slug"],
        slug=prompt_data["slug"],
    )
    answer = AnswerFactory(enrollment=enrollment, prompt=prompt, text="My own words")

    prompt_data["text"] = "A reworded question."
    first_module["title"] = "Introduction to Mentoring Up (revised)"
    report = curriculum_load(path=write(tmp_path, data))

    assert report.changed
    prompt.refresh_from_db()
    assert prompt.text == "A reworded question."
    assert Module.objects.get(slug=first_module["slug"]).title.endswith("(revised)")
    answer.refresh_from_db()
    assert (answer.prompt_id, answer.text, answer.version) == (prompt.pk, "My own words", 1)


def test_a_prompt_removed_from_the_file_is_retired_with_its_answer_kept(enrollment, tmp_path):
    data = shipped()
    module = data["sessions"][0]["modules"][0]
    section = next(s for s in module["sections"] if s.get("prompts"))
    removed = section["prompts"].pop(0)
    prompt = Prompt.objects.get(section__slug=section["slug"], slug=removed["slug"])
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="Still mine")

    curriculum_load(path=write(tmp_path, data))

    prompt.refresh_from_db()
    assert not prompt.is_active
    assert Answer.objects.get(prompt=prompt).text == "Still mine"

    section["prompts"].insert(0, removed)
    curriculum_load(path=write(tmp_path, data))
    prompt.refresh_from_db()
    assert prompt.is_active


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("sessions"), "'sessions' is missing"),
        (lambda d: d["sessions"][0]["modules"][0].update(slug="Not A Slug"), "must be lower-case"),
        (lambda d: d["sessions"][0]["modules"][0]["sections"][0].update(kind="song"), "'kind'"),
        (
            lambda d: d["sessions"][1]["modules"].append(d["sessions"][0]["modules"][0]),
            "module slugs used twice",
        ),
    ],
)
def test_a_broken_file_is_refused_with_the_place_named(curriculum, tmp_path, mutate, message):
    data = shipped()
    mutate(data)
    before = snapshot()
    with pytest.raises(CurriculumError, match=message):
        curriculum_load(path=write(tmp_path, data))
    assert snapshot() == before


def test_the_command_reports_what_it_did_and_fails_cleanly(curriculum, tmp_path, capsys):
    call_command("load_curriculum")
    assert "unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("sessions: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_curriculum", str(bad))


# --- Optional sections (further reading, an optional case) ------------------------------------


def section_in(data, slug):
    """The section with this slug, and its place as the refusal names it."""
    for i, session in enumerate(data["sessions"]):
        for j, module in enumerate(session["modules"]):
            for k, section in enumerate(module["sections"]):
                if section["slug"] == slug:
                    return section, f"sessions[{i}].modules[{j}].sections[{k}] ({slug})"
    raise LookupError(slug)


@pytest.mark.parametrize(
    ("slug", "change", "message"),
    [
        ("basics-of-mentorship", {"optional": "yes"}, "'optional' must be true or false"),
        (
            "mentor-map",
            {"optional": True},
            "only a reading, an activity or a case study can be optional, not a worksheet",
        ),
        ("basics-of-mentorship", {"summary": "  "}, "further reading needs a 'summary'"),
    ],
)
def test_a_malformed_optional_section_is_refused_with_the_place_named(
    curriculum, tmp_path, slug, change, message
):
    data = shipped()
    section, place = section_in(data, slug)
    section.update(change)
    before = snapshot()
    with pytest.raises(CurriculumError) as refused:
        curriculum_load(path=write(tmp_path, data))
    assert str(refused.value).startswith(f"{place}: {message}")
    assert snapshot() == before


def test_further_reading_without_a_summary_is_refused(curriculum, tmp_path):
    data = shipped()
    section, place = section_in(data, "psychosocial-mentoring")
    del section["summary"]
    with pytest.raises(CurriculumError, match=re.escape(place)):
        curriculum_load(path=write(tmp_path, data))


def test_the_optional_flag_is_loaded_and_a_change_to_it_keeps_every_answer(enrollment, tmp_path):
    case = Section.objects.get(slug="imbalance")
    assert case.is_optional
    assert not Section.objects.get(slug="tweaking-the-data").is_optional
    answer = AnswerFactory(enrollment=enrollment, prompt=case.prompts.first(), text="On the film")

    data = shipped()
    section_in(data, "imbalance")[0].pop("optional")  # the case becomes required
    section_in(data, "tweaking-the-data")[0]["optional"] = True
    report = curriculum_load(path=write(tmp_path, data))

    assert report.changed
    assert not Section.objects.get(slug="imbalance").is_optional
    assert Section.objects.get(slug="tweaking-the-data").is_optional
    answer.refresh_from_db()
    assert (answer.prompt.section_id, answer.text, answer.version) == (case.pk, "On the film", 1)
