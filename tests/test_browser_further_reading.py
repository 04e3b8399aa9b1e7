"""Optional material in the browser, on a 375 px phone and a 1366 px laptop: further reading is
folded under its summary, opens with one tap and reads without sideways scrolling (and prints
whole from the browser); the optional case is marked, and what is typed in it is autosaved like
any other answer.

Screenshots go to test-artifacts/screenshots/further-reading/ for a person to look at."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from sessions_app.models import Module, Section
from worksheets.models import Answer

from .browser import (
    OVERFLOW_SCRIPT,
    answer_name,
    click,
    emulate,
    log_in,
    open_module,
    retype,
    screenshot,
    scroll_to,
    settle,
    wait,
    wait_until_saved,
)
from .test_accessibility import Audit, demo_data

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 375, "laptop": 1366}


def fits(browser) -> None:
    measured = browser.execute_script(OVERFLOW_SCRIPT)
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]
    assert not measured["wide"], measured["wide"]


def text_size(browser, element) -> float:
    return float(
        browser.execute_script(
            "return parseFloat(getComputedStyle(arguments[0]).fontSize);", element
        )
    )


def test_further_reading_is_folded_under_its_summary_and_opens_to_read_on_phone_and_laptop(
    transactional_db, live_server, screen_browser, curriculum, request
):
    demo = demo_data()
    log_in(screen_browser, live_server, demo.participant.user)
    module = Module.objects.get(slug="aligning-expectations")
    reading = Section.objects.get(slug="building-mentoring-networks")
    first_group = reading.spec["groups"][0]["title"]
    audit = Audit()

    for screen, width in WIDTHS.items():
        emulate(screen_browser, width, mobile=width < 800)
        open_module(screen_browser, live_server, demo.participant, module)
        settle(screen_browser)
        card = scroll_to(screen_browser, screen_browser.find_element(By.ID, reading.slug))
        assert "FURTHER READING OPTIONAL" in card.text  # the label, in capitals
        assert reading.summary.split()[0] in card.text
        group_title = card.find_element(By.XPATH, f".//h3[normalize-space()='{first_group}']")
        # Folded on screen, whole on a printed page. (Selenium calls anything inside a closed
        # <details> hidden, whatever the style says: the browser is asked instead.)
        drawn = "return arguments[0].getBoundingClientRect().height > 0"
        assert not screen_browser.execute_script(drawn, group_title)
        screen_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            assert screen_browser.execute_script(drawn, group_title)
        finally:
            screen_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        screenshot(screen_browser, request, f"further-reading/folded-{screen}.png", card)
        screenshot(screen_browser, request, f"further-reading/page-{screen}.png")  # in its page

        click(
            screen_browser, card.find_element(By.CSS_SELECTOR, "details.further-reading > summary")
        )
        wait(screen_browser).until(lambda d, title=group_title: title.is_displayed())
        fits(screen_browser)
        paragraph = card.find_element(By.CSS_SELECTOR, ".further-reading-text p")
        assert text_size(screen_browser, paragraph) >= 16
        screenshot(screen_browser, request, f"further-reading/open-{screen}.png", card)
        if screen == "phone":
            audit.check(screen_browser, "aligning expectations, reading open (phone)")
    audit.assert_clean("further-reading")


def test_the_optional_case_is_marked_and_autosaves_what_is_typed_on_phone_and_laptop(
    transactional_db, live_server, screen_browser, curriculum, request
):
    demo = demo_data()
    log_in(screen_browser, live_server, demo.participant.user)
    case = Section.objects.get(slug="imbalance")
    prompt = case.prompts.first()

    for screen, width in WIDTHS.items():
        emulate(screen_browser, width, mobile=width < 800)
        open_module(screen_browser, live_server, demo.participant, case.module)
        settle(screen_browser)
        card = scroll_to(screen_browser, screen_browser.find_element(By.ID, case.slug))
        assert "do not count toward your progress" in card.text
        assert "section-optional" in card.get_attribute("class")
        text = f"Typed on the {screen}: one person decides every project and reference."
        retype(screen_browser, answer_name(prompt), text)
        wait_until_saved(screen_browser)
        assert Answer.objects.get(enrollment=demo.participant, prompt=prompt).text == text
        fits(screen_browser)
        screenshot(screen_browser, request, f"further-reading/case-{screen}.png", card)
