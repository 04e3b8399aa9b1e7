"""No data hides off a phone's screen: the four-way view is one card per domain, and the
questionnaire profile and the mentor map are drawn for the phone's width (the demo workbook,
at 375 and 1366 px; screenshots under test-artifacts/screenshots/screens/)."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from sessions_app.models import Section

from .browser import capture, emulate, log_in, scroll_to, settle, viewport_shot
from .test_accessibility import demo_data

pytestmark = pytest.mark.browser

SIDEWAYS = """
return [...document.querySelectorAll(arguments[0])]
  .filter(box => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
  .map(box => box.className);
"""


@pytest.mark.parametrize("width", [375, 1366])
@pytest.mark.parametrize("kind", ["four_way_view", "questionnaire", "mentor_map"])
def test_worksheet_data_stays_on_screen(
    transactional_db, live_server, screen_browser, curriculum, kind, width
):
    demo = demo_data()
    log_in(screen_browser, live_server, demo.participant.user)
    emulate(screen_browser, width, mobile=width < 500)
    section = Section.objects.get(worksheet_type=kind)
    module = section.module
    screen_browser.get(
        live_server.url + reverse("worksheets:module", args=[demo.cohort.pk, module.slug])
    )
    settle(screen_browser)
    if width < 500:
        assert (
            screen_browser.execute_script(
                SIDEWAYS, ".chart-box, .four-way-table, .table-responsive"
            )
            == []
        )
        if kind == "four_way_view":
            labels = screen_browser.find_elements(By.CSS_SELECTOR, ".four-way-label")
            assert labels
            scroll_to(screen_browser, labels[0])
            viewport_shot(screen_browser, f"phone-{kind}-cards-{width}")
            assert all(label.is_displayed() for label in labels[:3])
        charts = screen_browser.find_elements(By.CSS_SELECTOR, f"#{section.slug} .chart-narrow svg")
        assert charts, "the demo's chart is drawn for a phone"
        scroll_to(screen_browser, charts[0])
        viewport_shot(screen_browser, f"phone-{kind}-chart-{width}")
        assert charts[0].is_displayed()
    capture(screen_browser, f"phone-{kind}-{width}")
