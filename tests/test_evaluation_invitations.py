"""The e-mails that open the post-survey and the six-month follow-up: once per participant and
wave, never to someone who answered, never before the wave opens."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from evaluation.invitations import survey_invitations_send
from evaluation.models import SurveyResponse
from evaluation.windows import last_session
from sessions_app.models import CohortSession

from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def course_ended(cohort, days_ago):
    CohortSession.objects.filter(cohort=cohort).delete()
    CohortSession.objects.create(
        cohort=cohort,
        session=last_session(),
        starts_at=timezone.now() - datetime.timedelta(days=days_ago, hours=1),
    )


def test_no_mail_before_the_course_ends(survey, enrollment):
    CohortSession.objects.filter(cohort=enrollment.cohort).delete()
    assert survey_invitations_send(site_url="https://workbook.example.edu") == 0
    assert mail.outbox == []


def test_the_post_survey_is_mailed_once_and_not_to_who_answered(survey, enrollment):
    cohort = enrollment.cohort
    answered = EnrollmentFactory(cohort=cohort)
    EnrollmentFactory(cohort=cohort, role="facilitator")
    SurveyResponse.objects.create(
        enrollment=answered, instrument=survey, wave="post", submitted_at=timezone.now()
    )
    course_ended(cohort, days_ago=0)
    assert survey_invitations_send(site_url="https://workbook.example.edu/") == 1
    (message,) = mail.outbox
    assert message.to == [enrollment.user.email]
    assert f"https://workbook.example.edu/cohorts/{cohort.pk}/evaluation/survey/post/" in (
        message.body
    )
    assert survey_invitations_send(site_url="https://workbook.example.edu") == 0


def test_the_follow_up_is_mailed_six_months_on(survey, enrollment, capsys):
    course_ended(enrollment.cohort, days_ago=183)
    call_command("send_survey_invitations", "--site-url", "https://workbook.example.edu")
    assert "Survey invitations sent: 2." in capsys.readouterr().out  # post and follow-up
    assert {m.subject.split(":")[0] for m in mail.outbox} == {
        "After the course",
        "Six months later",
    }
