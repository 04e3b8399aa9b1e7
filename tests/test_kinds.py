"""The registry of worksheet kinds is the one place that names each kind's pieces."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

from sessions_app.curriculum.reader import worksheet_kinds
from sessions_app.models import Module, Section
from worksheets import kinds
from worksheets.models import WORKSHEET_RECORD_MODELS, SmartGoal

from .browser import module_url

pytestmark = pytest.mark.django_db


def test_the_curriculum_format_and_the_section_model_take_their_kinds_from_the_registry():
    assert worksheet_kinds() == set(kinds.KINDS)
    choices = dict(Section._meta.get_field("worksheet_type").choices)
    assert choices == {kind.slug: kind.label for kind in kinds.KINDS.values()}


def test_every_worksheet_record_model_belongs_to_exactly_one_kind():
    models = [kind.model for kind in kinds.RECORD_KINDS]
    assert sorted(models, key=str) == sorted(WORKSHEET_RECORD_MODELS, key=str)
    assert len(set(models)) == len(models)


@pytest.mark.parametrize("kind", kinds.RECORD_KINDS, ids=lambda kind: kind.slug)
def test_every_kind_with_records_names_all_its_pieces_and_templates(kind):
    assert all((kind.form, kind.progress, kind.pdf, kind.demo))
    get_template(kind.page_template)
    get_template(kind.pdf_template)


def test_every_worksheet_of_the_shipped_curriculum_has_a_kind(curriculum):
    worksheets = Section.objects.active().filter(kind="worksheet")
    assert worksheets.exists()
    assert all(kinds.of(section) is not None for section in worksheets)
    assert Path(settings.CURRICULUM_PATH).exists()


def test_opening_a_module_page_writes_nothing(participant_client, enrollment):
    module = Module.objects.in_course_order().first()
    assert Section.objects.filter(module=module, worksheet_type="smart_goals").exists()

    response = participant_client.get(module_url(enrollment, module))

    assert response.status_code == 200
    assert 'name="s' in response.content.decode()
    assert not SmartGoal.objects.filter(enrollment=enrollment).exists()
