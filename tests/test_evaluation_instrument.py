"""The shipped instrument: the project's own words, one confidence construct per module of the
curriculum asked before and after, satisfaction with each session and intended changes after."""

import pytest
from django.core.management import call_command

from evaluation.models import Item
from sessions_app.models import Module, Session

pytestmark = pytest.mark.django_db


def test_every_module_has_confidence_items_asked_before_and_after(survey):
    constructs = {c.title: c for c in survey.constructs.active()}
    for module in Module.objects.in_course_order():
        construct = constructs[f"Confidence: {module.title}"]
        items = list(construct.items.active())
        assert items, module.slug
        for item in items:
            assert {"pre", "post"} <= set(item.wave_list), item.slug
            assert item.kind == "scale"
            assert (item.scale_min, item.scale_max) == (1, 5)


def test_satisfaction_with_each_session_and_intended_changes_are_asked_after_only(survey):
    satisfaction = Item.objects.filter(instrument=survey, construct__slug="satisfaction")
    sessions = Session.objects.active().filter(kind="session")
    scaled = satisfaction.filter(kind="scale")
    assert scaled.count() == sessions.count()
    for session in sessions:
        assert scaled.filter(slug=f"satisfaction-session-{session.number}").exists()
    intended = Item.objects.filter(instrument=survey, construct__slug="intended-changes")
    assert intended.filter(kind="scale").count() >= 3
    for item in [*satisfaction, *intended]:
        assert item.wave_list == ["post"], item.slug


def test_the_same_items_are_asked_before_and_after(survey):
    pre = set(Item.objects.for_wave("pre").filter(instrument=survey).values_list("slug", flat=True))
    paired = {
        i.slug
        for i in Item.objects.filter(instrument=survey)
        if {"pre", "post"} <= set(i.wave_list)
    }
    assert pre == paired
    assert len(pre) >= 10


def test_the_command_loads_the_shipped_file_by_default(curriculum, capsys):
    call_command("load_survey")
    call_command("load_survey")
    assert "Loaded Mentoring Up evaluation: nothing changed" in capsys.readouterr().out
