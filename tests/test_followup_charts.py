"""The change over time: the four-way view round by round, and each goal's timeline, as
server-made SVG on the pages and in the PDF chapter "Since the course"."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from followup.charts import MAX_ROUNDS
from followup.models import CheckIn, FourWayRound
from followup.pdf import since_the_course
from followup.selectors import change_over_time, followed_goal, four_way_rounds, goal_timeline
from followup.services import GoalUpdate, goal_update
from worksheets import charts
from worksheets.charts.labels import printable_chart
from worksheets.pdf import render_html, render_pdf, workbook_context

from .factories import FourWayViewFactory, SmartGoalFactory
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def retake(enrollment, months, days_ago, **values):
    check_in = CheckIn.objects.create(
        enrollment=enrollment,
        months=months,
        taken_on=datetime.date(2027, 1, 1) - datetime.timedelta(days=days_ago),
    )
    FourWayRound.objects.create(check_in=check_in, **values)
    return check_in


def drawn(chart) -> ET.Element:
    markup = str(charts.draw(chart))
    printable_chart(markup)  # the PDF can lay its words over it
    return ET.fromstring(markup)


def test_no_re_take_means_no_rounds_chart(enrollment):
    FourWayViewFactory(enrollment=enrollment, importance_work=40, focus_work=70)
    CheckIn.objects.create(enrollment=enrollment, months=1)
    assert four_way_rounds(enrollment) is None


def test_the_course_and_one_re_take_side_by_side(enrollment):
    FourWayViewFactory(enrollment=enrollment, importance_work=40, focus_work=70)
    retake(enrollment, 1, 0, importance_work=45, focus_work=50)
    chart = four_way_rounds(enrollment)
    assert [r["label"] for r in chart["rounds"]] == ["In the course", "1 month, 1 Jan 2027"]
    svg = drawn(chart)
    desc = svg.find(f"{SVG}desc").text
    assert "2 rounds" in desc
    assert "Work importance 40%, focus 70%" in desc
    assert "Work importance 45%, focus 50%" in desc


def test_several_rounds_show_the_latest_beside_each_other(enrollment):
    FourWayViewFactory(enrollment=enrollment, importance_work=40)
    for n, months in enumerate((1, 3, 6, 12, 18)):
        retake(enrollment, months, 100 - n * 10, importance_work=40 + n)
    chart = four_way_rounds(enrollment)
    assert len(chart["rounds"]) == MAX_ROUNDS
    assert chart["rounds"][-1]["values"]["importance_work"] == 44
    assert chart["rounds"][0]["label"].startswith("3 months")
    assert drawn(chart).get("viewBox")


def test_a_re_take_without_a_course_answer_still_compares_the_rounds(enrollment):
    retake(enrollment, 1, 10, focus_home=30)
    retake(enrollment, 3, 0)
    svg = drawn(four_way_rounds(enrollment))
    texts = "".join(svg.itertext())
    assert "F 30%" in texts
    assert "not answered" in texts


def test_a_goal_timeline_with_no_notes_one_note_and_several(enrollment):
    goal = SmartGoalFactory(enrollment=enrollment, specific="<b>Send</b> the plan")
    item = followed_goal(enrollment, goal.pk)
    assert "No notes yet" in "".join(drawn(goal_timeline(item, id_prefix="g")).itertext())
    target = datetime.date.today() + datetime.timedelta(days=40)
    goal_update(goal=goal, update=GoalUpdate("under_way", target, "Begun"), base_version=0)
    item = followed_goal(enrollment, goal.pk)
    one = drawn(goal_timeline(item, id_prefix="g"))
    assert len(one.findall(f".//{SVG}circle")) == 1
    assert "target" in "".join(one.itertext())
    goal_update(goal=goal, update=GoalUpdate("done", target), base_version=1)
    markup = str(charts.draw(goal_timeline(followed_goal(enrollment, goal.pk), id_prefix="g")))
    several = ET.fromstring(markup)
    assert len(several.findall(f".//{SVG}rect[@width='12']")) == 1  # done: a square
    assert "<b>" not in markup  # the goal's text is escaped
    assert "Done" in several.find(f"{SVG}desc").text


def test_the_change_page_shows_the_rounds_and_the_timelines(participant_client, enrollment):
    FourWayViewFactory(enrollment=enrollment, importance_work=40)
    retake(enrollment, 1, 0, importance_work=50)
    goal = SmartGoalFactory(enrollment=enrollment, specific="Plan")
    goal_update(goal=goal, update=GoalUpdate("under_way", None, "Begun"), base_version=0)
    response = participant_client.get(reverse("followup:changes", args=[enrollment.cohort_id]))
    assert response.status_code == 200
    assert b'class="chart chart-four-way-rounds"' in response.content
    assert b'class="chart chart-goal-timeline"' in response.content
    assert len(change_over_time(enrollment)["goals"]) == 1


def test_the_pdf_chapter_has_the_charts_and_the_check_ins(enrollment):
    FourWayViewFactory(enrollment=enrollment, importance_work=40, focus_work=60)
    check_in = retake(enrollment, 1, 0, importance_work=50, focus_work=50)
    CheckIn.objects.filter(pk=check_in.pk).update(what_helped="Weekly agenda mails")
    goal = SmartGoalFactory(enrollment=enrollment, specific="Plan")
    goal_update(goal=goal, update=GoalUpdate("under_way", None, "Begun"), base_version=0)
    chapter = since_the_course(enrollment)
    assert chapter["four_way"]["kind"] == "four_way_rounds"
    assert chapter["goals"][0]["chart"]["kind"] == "goal_timeline"
    workbook = render_html(workbook_context(enrollment))
    kinds = [svg for svg in workbook.charts.values() if "chart-four-way-rounds" in svg]
    assert len(kinds) == 1
    assert any("chart-goal-timeline" in svg for svg in workbook.charts.values())
    text = pdf_text(render_pdf(workbook))
    assert "Weekly agenda mails" in text
    assert "The four-way view, then and now" in text
