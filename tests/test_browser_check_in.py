"""In a real browser: a postdoc checks in on a goal, takes the four-way view again, and sees
the new round beside the course's on the change page."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from followup.models import CheckIn, FourWayRound, GoalTracking

from .browser import click, field, log_in, wait
from .factories import FourWayViewFactory, SmartGoalFactory

pytestmark = pytest.mark.browser


def test_a_check_in_with_a_re_take_of_the_four_way_view(
    transactional_db, live_server, browser, enrollment
):
    course = FourWayViewFactory(enrollment=enrollment, importance_work=40, focus_work=70)
    goal = SmartGoalFactory(enrollment=enrollment, specific="Send Helen a weekly agenda")
    log_in(browser, live_server, enrollment.user)
    browser.get(live_server.url + reverse("followup:check_ins", args=[enrollment.cohort_id]))
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Check in early"))
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "1-month"))

    Select(field(browser, f"goal-{goal.pk}-status")).select_by_visible_text("Under way")
    field(browser, f"goal-{goal.pk}-note").send_keys("Two agendas sent")
    field(browser, "next_step").send_keys("Ask about the K99 timeline")
    click(browser, browser.find_element(By.CSS_SELECTOR, "#retake summary"))
    field(browser, "fw-importance_work").send_keys("45")
    field(browser, "fw-focus_work").send_keys("55")
    click(browser, browser.find_element(By.XPATH, "//button[text()='Save this check-in']"))
    wait(browser).until(EC.presence_of_element_located((By.ID, "retaken")))

    check_in = CheckIn.objects.get()
    assert (check_in.months, check_in.next_step) == (1, "Ask about the K99 timeline")
    assert FourWayRound.objects.get(check_in=check_in).focus_work == 55
    assert GoalTracking.objects.get(goal=goal).status == "under_way"
    course.refresh_from_db()
    assert (course.importance_work, course.focus_work) == (40, 70)

    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "see it next to the course"))
    chart = wait(browser).until(EC.presence_of_element_located((By.ID, "four-way-rounds")))
    assert "In the course" in chart.text
    assert "F 55%" in chart.text
