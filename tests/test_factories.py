"""Every worksheet record's factory makes a valid record in a section of its own kind."""

import pytest

from worksheets.kinds import KINDS
from worksheets.models import WORKSHEET_RECORD_MODELS, MentorLink

from . import factories

pytestmark = pytest.mark.django_db

RECORD_FACTORIES = [
    factories.SmartGoalFactory,
    factories.StrategyChoiceFactory,
    factories.RolesChecklistFactory,
    factories.MentorshipAgreementFactory,
    factories.QuestionnaireRatingFactory,
    factories.MentorMapEntryFactory,
    factories.StairStepsFactory,
    factories.FourWayViewFactory,
    factories.ListItemFactory,
]


def test_every_worksheet_record_has_a_factory():
    assert [f._meta.model for f in RECORD_FACTORIES] == list(WORKSHEET_RECORD_MODELS)


@pytest.mark.parametrize("factory", RECORD_FACTORIES, ids=lambda f: f.__name__)
def test_a_record_factory_makes_a_valid_record_of_its_kind(curriculum, factory):
    extra = {
        factories.QuestionnaireRatingFactory: {"item": "x"},
        factories.MentorMapEntryFactory: {"category": "x"},
    }.get(factory, {})
    record = factory(**extra)
    record.full_clean()
    assert KINDS[record.section.worksheet_type].model is type(record)


def test_the_answer_and_mentor_factories_make_valid_records(curriculum):
    factories.AnswerFactory().full_clean()
    rating = factories.MentorRatingFactory(item="x")
    rating.full_clean()
    assert MentorLink.objects.usable().get() == rating.link
