import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from sessions_app.models import Cohort, CohortSession, Enrollment, Invitation, Prompt, Section
from worksheets import models as worksheets

DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"postdoc{n}@example.edu")
    display_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Spring cohort {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = Enrollment.Role.PARTICIPANT


def open_sessions(cohort, sessions):
    for session in sessions:
        CohortSession.objects.update_or_create(
            cohort=cohort, session=session, defaults={"is_open": True}
        )


class CohortSessionFactory(factory.django.DjangoModelFactory):
    """A cohort's schedule of one session (give `session`); closed unless `is_open=True`."""

    class Meta:
        model = CohortSession

    cohort = factory.SubFactory(CohortFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation that is still good for three days."""

    class Meta:
        model = Invitation

    cohort = factory.SubFactory(CohortFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.edu")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))


# --- What participants write --------------------------------------------------------------------


class AnswerFactory(factory.django.DjangoModelFactory):
    """A participant's text for one prompt (by default the course's first active prompt)."""

    class Meta:
        model = worksheets.Answer

    enrollment = factory.SubFactory(EnrollmentFactory)
    prompt = factory.LazyFunction(lambda: Prompt.objects.active().first())
    text = "An answer"


def _section_of(worksheet_type):
    return factory.LazyFunction(
        lambda: Section.objects.active().filter(worksheet_type=worksheet_type).first()
    )


class WorksheetRecordFactory(factory.django.DjangoModelFactory):
    """A record of a structured worksheet, in the first active section of its kind unless
    `section` is given."""

    class Meta:
        abstract = True

    enrollment = factory.SubFactory(EnrollmentFactory)


class SmartGoalFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.SmartGoal

    section = _section_of("smart_goals")


class StrategyChoiceFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.StrategyChoice

    section = _section_of("strategies")


class RolesChecklistFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.RolesChecklist

    section = _section_of("roles")


class MentorshipAgreementFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.MentorshipAgreement

    section = _section_of("agreement")


class QuestionnaireRatingFactory(WorksheetRecordFactory):
    """One rating of the expectations questionnaire (give `item`)."""

    class Meta:
        model = worksheets.QuestionnaireRating

    section = _section_of("questionnaire")
    value = 3


class MentorMapEntryFactory(WorksheetRecordFactory):
    """One named person of the mentor map (give `category`)."""

    class Meta:
        model = worksheets.MentorMapEntry

    section = _section_of("mentor_map")
    slot = 1


class StairStepsFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.StairSteps

    section = _section_of("stair_steps")


class FourWayViewFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.FourWayView

    section = _section_of("four_way_view")


class ListItemFactory(WorksheetRecordFactory):
    class Meta:
        model = worksheets.ListItem

    section = _section_of("list")
    position = factory.Sequence(lambda n: n + 1)


class MentorLinkFactory(factory.django.DjangoModelFactory):
    """A mentor link that works for a week; `token` (not stored) is what its URL carries."""

    class Meta:
        model = worksheets.MentorLink
        exclude = ("token",)

    enrollment = factory.SubFactory(EnrollmentFactory)
    mentor_name = "Prof. Park"
    token = factory.Sequence(lambda n: f"mentor-token-{n}")
    token_hash = factory.LazyAttribute(lambda link: worksheets.token_digest(link.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class MentorRatingFactory(factory.django.DjangoModelFactory):
    """The mentor's rating of one questionnaire item (give `item`)."""

    class Meta:
        model = worksheets.MentorRating

    link = factory.SubFactory(MentorLinkFactory)
    value = 3
