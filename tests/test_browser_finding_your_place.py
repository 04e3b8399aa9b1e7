"""On a long module the section list in the save bar is always in reach: it opens above the bar,
a tap lands on the section, and "Back to the top" goes back up; at 375 and 1366 px."""

import pytest
from selenium.webdriver.common.by import By

from sessions_app.models import Module

from .browser import click, emulate, open_module, viewport_shot, wait

pytestmark = pytest.mark.browser


def in_view(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= -2 && r.top < window.innerHeight / 2;",
        element,
    )


@pytest.mark.parametrize("width", [375, 1366])
def test_the_section_list_takes_you_to_a_section_and_back_up(
    screen_browser, signed_in, live_server, enrollment, width
):
    browser = screen_browser
    emulate(browser, width, 800, mobile=width < 500)
    module = max(Module.objects.in_course_order(), key=lambda m: m.sections.count())
    open_module(browser, live_server, enrollment, module)
    last = module.sections.filter(is_active=True).order_by("position").last()
    bar = browser.find_element(By.CSS_SELECTOR, ".save-bar")
    click(browser, bar.find_element(By.XPATH, ".//button[normalize-space()='Sections']"))
    menu = wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, ".section-menu.show"))
    viewport_shot(browser, f"section-menu-{width}")
    click(browser, menu.find_element(By.CSS_SELECTOR, f"a[href='#{last.slug}']"))
    wait(browser).until(lambda b: in_view(b, b.find_element(By.ID, last.slug)))
    # The bar stays at the foot of the screen however far down the page is.
    assert browser.execute_script(
        "return arguments[0].getBoundingClientRect().bottom <= window.innerHeight + 1;", bar
    )
    click(browser, bar.find_element(By.XPATH, ".//button[normalize-space()='Sections']"))
    click(
        browser,
        wait(browser).until(
            lambda b: b.find_element(
                By.XPATH, "//ol[contains(@class,'show')]//a[normalize-space()='Back to the top']"
            )
        ),
    )
    wait(browser).until(lambda b: in_view(b, b.find_element(By.TAG_NAME, "h1")))
