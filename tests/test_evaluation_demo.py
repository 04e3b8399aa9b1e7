"""The demo cohort answered the survey before and after, so its report shows a change; the demo
postdoc meets the default completion rule; seeding again overwrites nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluation.completion import standing_of
from evaluation.models import SurveyAnswer, SurveyResponse
from evaluation.reports import survey_report
from sessions_app.models import Enrollment
from worksheets.demo import FACILITATOR

pytestmark = pytest.mark.django_db


def test_the_demo_cohorts_report_has_something_to_show(client, demo):
    participants = Enrollment.objects.participants().filter(cohort=demo.cohort)
    assert participants.count() >= 5
    report = survey_report([e.pk for e in participants], SurveyResponse.objects.first().instrument)
    assert report["responses"]["pre"] == report["responses"]["post"] == participants.count()
    assert all(row["change"] is not None for row in report["constructs"])
    assert any(row["change"].mean_change > 0 for row in report["constructs"])
    assert standing_of(demo).eligible
    client.login(email=FACILITATOR["email"], password=FACILITATOR["password"])
    page = client.get(reverse("evaluation:report", args=[demo.cohort_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Before the course: 5 · after the course: 5" in html
    assert "people answered before and after</td>" not in html


def test_seeding_again_overwrites_no_answer(demo):
    answer = SurveyAnswer.objects.filter(response__enrollment=demo, number__isnull=False).first()
    answer.number = 1 if answer.number != 1 else 2
    answer.save()
    count = SurveyAnswer.objects.count()
    call_command("seed_demo")
    assert SurveyAnswer.objects.count() == count
    assert SurveyAnswer.objects.get(pk=answer.pk).number == answer.number
