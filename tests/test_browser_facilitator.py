"""The facilitator's progress grid, a shared workbook and the cohort list on a laptop (1366 px)
and a phone (375 px). Pictures under test-artifacts/screenshots/screens/ (not committed)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from sessions_app.models import CohortSession, Enrollment, Session

from .browser import OVERFLOW_SCRIPT, capture, emulate, log_in, settle
from .factories import CohortFactory
from .test_accessibility import Audit, demo_data

pytestmark = pytest.mark.browser

LAPTOP, PHONE = 1366, 375


def show(browser, base_url, path, width, name):
    """The page at that width: captured, nothing wider than the screen, and axe-core clean."""
    emulate(browser, width, mobile=width < 800)
    browser.get(base_url + path)
    settle(browser)
    measured = browser.execute_script(OVERFLOW_SCRIPT)
    capture(browser, f"facilitator-{name}-{width}")
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]
    assert not measured["wide"], measured["wide"]
    audit = Audit()
    audit.check(browser, f"{name} at {width} px")
    audit.assert_clean(f"facilitator {name} {width}")


def test_the_progress_grid_fits_a_laptop_and_becomes_a_list_on_a_phone(
    transactional_db, live_server, screen_browser, curriculum
):
    demo = demo_data()
    Enrollment.objects.filter(pk=demo.participant.pk).update(shares_answers=True)
    log_in(screen_browser, live_server, demo.facilitator.user)
    url = reverse("facilitator:progress", args=[demo.cohort.pk])

    show(screen_browser, live_server.url, url, LAPTOP, "progress")
    box = screen_browser.find_element(By.CSS_SELECTOR, ".progress-grid-box")
    widths = screen_browser.execute_script(
        "return [arguments[0].scrollWidth, arguments[0].clientWidth]", box
    )
    assert widths[0] <= widths[1], f"the grid scrolls sideways at {LAPTOP} px: {widths}"
    name = screen_browser.find_element(By.CSS_SELECTOR, "tbody .progress-name")
    assert name.value_of_css_property("position") == "sticky"
    assert screen_browser.find_elements(By.CSS_SELECTOR, "tbody .progress-name a")
    assert screen_browser.find_element(By.CSS_SELECTOR, "tbody .progress").is_displayed()

    show(screen_browser, live_server.url, url, PHONE, "progress")
    assert not screen_browser.find_element(By.CSS_SELECTOR, ".progress-grid-box").is_displayed()
    cards = screen_browser.find_elements(By.CSS_SELECTOR, ".progress-list > li")
    participants = Enrollment.objects.participants().filter(cohort=demo.cohort).count()
    assert len(cards) == participants
    assert cards[0].find_element(By.CSS_SELECTOR, ".progress").is_displayed()

    link = screen_browser.find_element(By.CSS_SELECTOR, ".progress-list a[href*='/answers/']")
    link.click()
    settle(screen_browser)
    assert "Answers of" in screen_browser.find_element(By.TAG_NAME, "h1").text
    path = screen_browser.current_url.removeprefix(live_server.url)
    show(screen_browser, live_server.url, path, PHONE, "shared-answers")
    show(screen_browser, live_server.url, path, LAPTOP, "shared-answers")


def test_the_cohort_list_shows_its_figures_on_a_laptop_and_a_phone(
    transactional_db, live_server, screen_browser, curriculum
):
    demo = demo_data()
    session = Session.objects.get(number=2)
    CohortSession.objects.update_or_create(
        cohort=demo.cohort,
        session=session,
        defaults={"starts_at": timezone.now() + datetime.timedelta(days=3)},
    )
    CohortFactory(name="Last year's cohort", is_archived=True)
    log_in(screen_browser, live_server, demo.facilitator.user)
    url = reverse("facilitator:cohorts")
    for width in (LAPTOP, PHONE):
        show(screen_browser, live_server.url, url, width, "cohorts")
        item = screen_browser.find_element(By.CSS_SELECTOR, ".list-group-item")
        assert "5 participants" in item.text
        assert f"Next: {session.title}" in item.text
        assert "Last activity:" in item.text
