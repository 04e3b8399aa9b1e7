"""The course text's mended slips (issue 16, course text): one spelling convention, no broken
idioms, exercises that keep the edge they depend on, and the common expectations numbered as in
the course's source."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from sessions_app.models import Section
from worksheets.pdf import render_html
from worksheets.pdf.context import workbook_context

pytestmark = pytest.mark.django_db

# British spellings, where the course (and its titles: "Behavior", "Prioritizing") is American.
BRITISH = re.compile(
    r"\b(colour(s|ed)?|behaviours?|favour\w*|travell\w*|centre|analys(e|ing|ed)|"
    r"judgement|practis\w*|organis\w*|recognis\w*|prioritis\w*)\b",
    re.IGNORECASE,
)


def course_text() -> str:
    return settings.CURRICULUM_PATH.read_text(encoding="utf-8")


def test_the_course_is_written_in_american_spelling_throughout():
    assert [m[0] for m in BRITISH.finditer(course_text())] == []


def test_no_broken_idioms_are_left_and_e_mail_is_spelt_one_way():
    assert "I'm have" not in course_text()
    assert re.findall(r"\bemails?\b", course_text(), flags=re.IGNORECASE) == []


def test_the_feedback_exercise_keeps_its_harsh_e_mail_and_the_blunt_first_statement(curriculum):
    harsh = Section.objects.get(slug="power-of-social-persuasion").body
    assert "waste" in harsh
    assert "drastically" in harsh
    statements = Section.objects.get(slug="communication-statements").spec["rows"]
    assert "please" not in statements[0]["label"].lower()


def test_the_last_questionnaire_pair_offers_two_sides_that_do_not_overlap(curriculum):
    questionnaire = Section.objects.get(worksheet_type="questionnaire")
    last = questionnaire.spec["stages"][-1]["items"][-1]
    assert " also " not in last["right"]
    assert "other than the mentor" in last["right"]


def test_the_common_expectations_are_numbered_with_lettered_points_on_the_page_and_in_the_pdf(
    curriculum,
):
    reading = Section.objects.get(slug="common-expectations")
    assert reading.spec["numbered"] is True
    assert len(reading.spec["groups"]) == 8

    page = render_to_string("worksheets/includes/_reading_extras.html", {"spec": reading.spec})
    assert page.count('<ol type="a">') == 8
    assert page.count('class="reading-numbered"') == 1

    pdf_html = render_html(workbook_context(None, blank=True)).html
    assert pdf_html.count('class="reading-points is-lettered"') == 8
    assert '<span class="group-number">8.</span>' in pdf_html


def test_other_readings_keep_their_bullet_points(curriculum):
    readings = Section.objects.filter(kind="reading").exclude(slug="common-expectations")
    grouped = [r for r in readings if r.spec.get("groups")]
    assert grouped
    for reading in grouped:
        page = render_to_string("worksheets/includes/_reading_extras.html", {"spec": reading.spec})
        assert "<ol" not in page


def test_the_four_way_view_carries_its_owner_s_copyright_on_the_page_and_in_the_pdf(
    participant_client, enrollment
):
    section = Section.objects.get(slug="four-way-view")
    notice = section.spec["notice"]
    assert "©" in notice
    assert "Total Leadership" in notice

    url = reverse("worksheets:module", args=[enrollment.cohort_id, section.module.slug])
    page = participant_client.get(url).content.decode()
    assert escape(notice) in page

    pdf_html = render_html(workbook_context(None, blank=True)).html
    assert f'<p class="fw-notice">{escape(notice)}</p>' in pdf_html


def test_the_two_research_papers_are_cited_in_full(curriculum):
    reading = Section.objects.get(slug="in-the-eye-of-the-beholder")
    titles = [group["title"] for group in reading.spec["groups"]]
    assert "PNAS 109(41): 16474\u201316479 (2012)" in titles[0]
    assert "10.1073/pnas.1211286109" in titles[0]
    assert "PNAS 112(43): 13201\u201313206 (2015)" in titles[1]
    assert "10.1073/pnas.1510649112" in titles[1]
