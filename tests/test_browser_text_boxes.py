"""Answers are readable where they are written: text boxes grow with their text, and the mentor
map's notes are text boxes that take the whole width of a phone."""

import pytest
from selenium.webdriver.common.by import By

from sessions_app.models import Module, Section

from .browser import (
    answer_name,
    capture,
    emulate,
    first_prompt,
    open_module,
    scroll_to,
    wait_until_saved,
)

pytestmark = pytest.mark.browser

LONG_ANSWER = "\n".join(f"Line {n} of what I want to say to my mentor." for n in range(1, 13))


def height(browser, element) -> float:
    return browser.execute_script("return arguments[0].getBoundingClientRect().height;", element)


@pytest.mark.parametrize("width", [375, 1366])
def test_a_text_box_grows_with_its_text(screen_browser, signed_in, live_server, enrollment, width):
    browser = screen_browser
    emulate(browser, width, mobile=width < 500)
    module = Module.objects.in_course_order().first()
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    box = browser.find_element(By.NAME, answer_name(prompt))
    scroll_to(browser, box)
    empty = height(browser, box)
    box.send_keys(LONG_ANSWER)
    wait_until_saved(browser)
    grown = height(browser, box)
    # Twelve lines show whole: no scroll bar inside the box.
    assert grown > empty * 2
    assert browser.execute_script("return arguments[0].scrollHeight;", box) <= grown + 1
    browser.refresh()
    box = browser.find_element(By.NAME, answer_name(prompt))
    assert height(browser, box) == pytest.approx(grown, abs=2)  # and so on the next visit
    capture(browser, f"text-box-grows-{width}")


@pytest.mark.parametrize("width", [375, 1366])
def test_mentor_map_notes_are_text_boxes_and_fill_a_phone(
    screen_browser, signed_in, live_server, enrollment, width
):
    browser = screen_browser
    emulate(browser, width, mobile=width < 500)
    section = Section.objects.get(worksheet_type="mentor_map")
    open_module(browser, live_server, enrollment, section.module)
    notes = browser.find_elements(
        By.CSS_SELECTOR, f"textarea[name^='s{section.pk}-map-'][name$='-note']"
    )
    assert notes, "the mentor map's notes are text boxes"
    note = notes[0]
    scroll_to(browser, note)
    card = note.find_element(By.XPATH, "ancestor::div[contains(@class, 'border rounded')]")
    share = note.rect["width"] / card.rect["width"]
    if width < 576:
        assert share > 0.85  # the whole width of the card, under its name
    else:
        assert 0.4 < share < 0.7
    note.send_keys("Meets me every other week; good on grant writing, less on careers.")
    wait_until_saved(browser)
    capture(browser, f"mentor-map-notes-{width}")
