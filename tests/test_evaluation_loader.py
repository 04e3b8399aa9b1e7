"""load_survey: a malformed instrument is refused as a whole, naming the place of the problem;
a good one loads idempotently, keyed on slugs, and re-loading never touches an answer."""

import copy

import pytest
import yaml
from django.core.management import CommandError, call_command

from evaluation.instruments.loader import instrument_load
from evaluation.instruments.reader import SurveyFormatError
from evaluation.models import Construct, Instrument, Item, SurveyAnswer, SurveyResponse

from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "slug": "tiny-survey",
    "title": "A tiny survey",
    "scales": {
        "five": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Completely"},
    },
    "constructs": [
        {
            "slug": "confidence",
            "title": "Confidence",
            "items": [
                {
                    "slug": "ask",
                    "text": "I can ask for help.",
                    "scale": "five",
                    "waves": ["pre", "post"],
                },
                {
                    "slug": "plan",
                    "text": "I can make a plan.",
                    "mentor_text": "My mentee can make a plan.",
                    "scale": {"min": 1, "max": 7, "min_label": "Low", "max_label": "High"},
                    "waves": ["post", "pre", "follow_up"],
                },
            ],
        },
        {
            "slug": "after",
            "title": "After the course",
            "items": [
                {"slug": "recommend", "kind": "yes_no", "text": "Recommend it?", "waves": ["post"]},
                {
                    "slug": "format",
                    "kind": "choice",
                    "text": "Best format?",
                    "choices": [
                        {"slug": "room", "label": "In a room"},
                        {"slug": "video", "label": "Video"},
                    ],
                    "waves": ["post"],
                },
                {
                    "slug": "change",
                    "kind": "text",
                    "text": "What will you change?",
                    "waves": ["post"],
                },
            ],
        },
    ],
}


def write(tmp_path, data):
    path = tmp_path / "survey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def broken(edit):
    data = copy.deepcopy(GOOD)
    edit(data)
    return data


def test_a_good_file_loads_its_constructs_items_scales_and_waves(tmp_path):
    report = instrument_load(path=write(tmp_path, GOOD))
    instrument = Instrument.objects.get(slug="tiny-survey")
    assert report.instrument == instrument
    assert [c.slug for c in instrument.constructs.all()] == ["confidence", "after"]
    plan = Item.objects.get(slug="plan")
    assert (plan.scale_min, plan.scale_max, plan.min_label, plan.max_label) == (1, 7, "Low", "High")
    assert plan.wave_list == ["pre", "post", "follow_up"]  # course order, whatever the file's
    assert plan.mentor_text == "My mentee can make a plan."
    ask = Item.objects.get(slug="ask")
    assert (ask.scale_min, ask.scale_max, ask.max_label) == (1, 5, "Completely")
    assert Item.objects.get(slug="change").required is False  # free text is optional by default
    assert Item.objects.get(slug="recommend").scale_points == [0, 1]
    assert [i.slug for i in Item.objects.for_wave("pre")] == ["ask", "plan"]
    assert Item.objects.for_wave("follow_up").get().slug == "plan"


def test_loading_twice_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    instrument_load(path=path)
    before = list(Item.objects.values_list("pk", "text", "waves", "position"))
    report = instrument_load(path=path)
    assert str(report) == "nothing changed"
    assert list(Item.objects.values_list("pk", "text", "waves", "position")) == before


def test_an_edited_file_updates_wording_retires_what_is_gone_and_keeps_answers(tmp_path):
    instrument_load(path=write(tmp_path, GOOD))
    ask = Item.objects.get(slug="ask")
    response = SurveyResponse.objects.create(
        enrollment=EnrollmentFactory(), instrument=ask.instrument, wave="pre"
    )
    SurveyAnswer.objects.create(response=response, item=ask, number=4)

    def edit(data):
        data["constructs"][0]["items"][0]["text"] = "I can ask for help when stuck."
        del data["constructs"][1]

    instrument_load(path=write(tmp_path, broken(edit)))
    ask.refresh_from_db()
    assert ask.text == "I can ask for help when stuck."
    assert SurveyAnswer.objects.get(item=ask).number == 4
    assert not Construct.objects.get(slug="after").is_active
    assert not Item.objects.get(slug="recommend").is_active
    assert Item.objects.for_wave("post").filter(slug="recommend").count() == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.pop("title"), "top level.title: is missing"),
        (lambda d: d.update(slug="Not A Slug"), "top level.slug: 'Not A Slug' must be lower-case"),
        (lambda d: d.update(constructs=[]), "top level.constructs: must be a non-empty list"),
        (
            lambda d: d["constructs"][1].update(items="none"),
            "constructs[1].items: must be a non-empty",
        ),
        (
            lambda d: d["constructs"][0]["items"][1]["scale"].update(min=8),
            "constructs[0].items[1].scale: min must be 0 or more and below max",
        ),
        (
            lambda d: d["constructs"][0]["items"][1]["scale"].pop("max_label"),
            "constructs[0].items[1].scale.max_label: is missing",
        ),
        (
            lambda d: d["constructs"][0]["items"][0].update(scale="seven"),
            "constructs[0].items[0].scale: no scale named 'seven'",
        ),
        (
            lambda d: d["constructs"][0]["items"][1]["scale"].update(max="7"),
            "constructs[0].items[1].scale.max: must be a whole number",
        ),
        (
            lambda d: d["constructs"][0]["items"][0].update(waves=["before"]),
            "constructs[0].items[0].waves: 'before' is not one of pre, post, follow_up",
        ),
        (
            lambda d: d["constructs"][0]["items"][0].pop("waves"),
            "constructs[0].items[0].waves: must list when it is asked",
        ),
        (
            lambda d: d["constructs"][1]["items"][0].update(kind="slider"),
            "constructs[1].items[0].kind: must be one of choice, scale, text, yes_no",
        ),
        (
            lambda d: d["constructs"][1]["items"][1].update(choices=[{"slug": "a", "label": "A"}]),
            "constructs[1].items[1].choices: must be a list of at least two",
        ),
        (
            lambda d: d["constructs"][1]["items"][1]["choices"][1].pop("label"),
            "constructs[1].items[1].choices[1].label: is missing",
        ),
        (
            lambda d: d["constructs"][1]["items"][0].update(scale="five"),
            "constructs[1].items[0].scale: only a scale item has a scale",
        ),
        (
            lambda d: d["constructs"][1]["items"][2].update(colour="red"),
            "constructs[1].items[2]: unknown keys colour",
        ),
        (
            lambda d: d["constructs"][1]["items"][2].update(slug="ask"),
            "constructs[*].items: slugs used twice: ask",
        ),
        (
            lambda d: d["constructs"][1].update(slug="confidence"),
            "constructs: slugs used twice: confidence",
        ),
        (lambda d: d["scales"]["five"].update(max=40), "scales.five: min must be 0 or more"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_place(tmp_path, edit, message):
    with pytest.raises(SurveyFormatError) as refused:
        instrument_load(path=write(tmp_path, broken(edit)))
    assert message in str(refused.value)
    assert not Instrument.objects.exists()


def test_a_file_broken_late_stores_nothing_even_over_a_loaded_one(tmp_path):
    instrument_load(path=write(tmp_path, GOOD))

    def edit(data):
        data["title"] = "Renamed"
        data["constructs"][1]["items"][2]["waves"] = ["later"]

    with pytest.raises(SurveyFormatError):
        instrument_load(path=write(tmp_path, broken(edit)))
    assert Instrument.objects.get().title == "A tiny survey"


def test_the_command_names_the_file_and_the_place(tmp_path):
    path = write(tmp_path, broken(lambda d: d["constructs"][0]["items"][0].update(scale="x")))
    with pytest.raises(CommandError, match=r"constructs\[0\]\.items\[0\]\.scale"):
        call_command("load_survey", str(path))
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("slug: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid YAML"):
        call_command("load_survey", str(bad_yaml))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("load_survey", str(tmp_path / "missing.yaml"))


def test_the_command_loads_a_good_file(tmp_path, capsys):
    call_command("load_survey", str(write(tmp_path, GOOD)))
    assert "Loaded A tiny survey" in capsys.readouterr().out
