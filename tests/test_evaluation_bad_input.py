"""Hostile input on every evaluation form and page: never a 500, and nothing off its rules is
stored (the shared fuzzer walks these URLs too; this is the quick, focused check)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from evaluation.models import Attendance, CompletionRule, SurveyAnswer
from evaluation.selectors import wave_items

from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "\x00",
    "a\x00b",
    "x" * 70_000,
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
    "9" * 30,
    "-1",
    "1e400",
    "NaN",
    "\ud7ff\ufffd\U0010ffff",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_survey_takes_any_value_without_a_500(client, survey, enrollment, value):
    client.force_login(enrollment.user)
    items = wave_items(survey, "post")
    address = reverse("evaluation:survey", args=[enrollment.cohort_id, "post"])
    data = {}
    for item in items:
        data |= {f"item-{item.slug}": value, f"version-{item.slug}": value}
        data[f"shown-{item.slug}"] = value
    response = client.post(address, data)
    assert response.status_code in (200, 302, 400, 409)  # 400: a control character (middleware)
    for answer in SurveyAnswer.objects.all():
        item = answer.item
        if item.kind == "scale":
            assert item.scale_min <= answer.number <= item.scale_max
        assert "\x00" not in answer.text
        assert len(answer.text) <= 4000


@pytest.mark.parametrize("value", HOSTILE)
def test_the_facilitator_forms_take_any_value_without_a_500(client, enrollment, value):
    facilitator = EnrollmentFactory(cohort=enrollment.cohort, role="facilitator")
    client.force_login(facilitator.user)
    c = enrollment.cohort_id
    rule = client.post(
        reverse("evaluation:certificates", args=[c]),
        {"sessions_attended": value, "modules_complete": value, "post_survey_done": value},
    )
    assert rule.status_code in (200, 302)
    for stored in CompletionRule.objects.all():
        assert 0 <= stored.sessions_attended <= 32767
    grid = client.post(
        reverse("evaluation:attendance", args=[c]) + f"?session={value[:50]}",
        {f"shown-a-{value[:20]}-1": value, f"a-{enrollment.pk}-x": value},
    )
    assert grid.status_code in (302, 400)
    assert not Attendance.objects.exists()
    code = quote(value[:200] or "x", safe="")
    verify = client.get(f"/certificates/{code}/")
    assert verify.status_code in (400, 404)
