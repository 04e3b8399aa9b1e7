"""In real browsers: two participants and a facilitator on one live cohort board.

One participant posts and edits; the other participant's board and the projector show it within
one poll, without a reload; the facilitator hides it from the moderation panel and it leaves
every screen. Screenshots of each screen at 375 and 1366 px."""

import time

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.boards.services import board_for, post_create, post_set_pinned
from sessions_app.models import Enrollment, Section, Session

from .browser import (
    capture,
    click,
    emulate,
    log_in,
    mark_page,
    screenshot,
    settle,
    still_same_page,
    wait,
)
from .factories import CohortFactory, EnrollmentFactory, UserFactory, open_sessions

pytestmark = pytest.mark.browser

LIVE_SECONDS = 3 + 1.5  # the 3 s poll plus a request's time
WIDTHS = {"phone": 375, "laptop": 1366}
TEXT = "Lighthouse: a mentor shows where the rocks are, I still steer the boat."
EDITED = "Lighthouse: a mentor shows where the rocks are; the steering stays mine."


def person(cohort, name, role=Enrollment.Role.PARTICIPANT):
    return EnrollmentFactory(cohort=cohort, user=UserFactory(display_name=name), role=role)


def board_with_posts(cohort):
    board = board_for(cohort=cohort, section=Section.objects.get(spec__board="introductions"))
    for name, text, anonymous in [
        ("Dr. Wei Zhang", "The bridge: a mentor links two banks I cannot join alone.", False),
        ("Dr. Priya Nair", "The seedling. Slow growth, given the right light.", True),
        ("Dr. Tomás Ruiz", "The compass. Direction, not a route drawn for me.", False),
    ]:
        post = post_create(
            board=board, enrollment=person(cohort, name), text=text, is_anonymous=anonymous
        )
    post_set_pinned(post=post, pinned=True)
    return board


def shoot_widths(driver, name):
    for screen, width in WIDTHS.items():
        emulate(driver, width, mobile=width < 800)
        settle(driver)
        capture(driver, f"{name}-{screen}")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def poll_statuses(driver, path):
    return driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes(arguments[0])).map(e => e.responseStatus);",
        path,
    )


def test_a_post_reaches_the_other_participant_and_the_projector_and_a_hide_takes_it_away(
    transactional_db, live_server, browser, new_browser, curriculum, request
):
    cohort = CohortFactory(name="Spring cohort 2026")
    open_sessions(cohort, Session.objects.all())
    amara = person(cohort, "Dr. Amara Osei")
    kofi = person(cohort, "Dr. Kofi Mensah")
    facilitator = person(cohort, "Jordan Lee", Enrollment.Role.FACILITATOR)
    board = board_with_posts(cohort)
    module = board.section.module
    module_url = live_server.url + reverse("worksheets:module", args=[cohort.pk, module.slug])
    board_url = live_server.url + reverse("boards:board", args=[cohort.pk, board.pk])
    projector_url = live_server.url + reverse("boards:projector", args=[cohort.pk, board.pk])
    panel_url = live_server.url + reverse("boards:moderation", args=[cohort.pk, board.pk])
    posts = f"board-{board.pk}-posts"

    # The projector is up, with the question, the join link and its QR code, and no controls.
    projector = new_browser()
    log_in(projector, live_server, facilitator.user)
    projector.get(projector_url)
    wait(projector).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), board.prompt))
    assert projector.find_element(By.CSS_SELECTOR, ".projector-join svg[role=img]")
    assert board_url in projector.find_element(By.CLASS_NAME, "projector-join").text
    cards = projector.find_element(By.ID, "projector-posts")
    assert "The compass." in cards.text
    assert "Dr. Priya Nair" not in cards.text  # anonymous, and the projector faces the room
    assert not projector.find_elements(By.XPATH, "//button[.='Hide']")
    mark_page(projector)

    # Kofi reads the board on its own page.
    kofi_browser = new_browser()
    log_in(kofi_browser, live_server, kofi.user)
    kofi_browser.get(board_url)
    wait(kofi_browser).until(EC.text_to_be_present_in_element((By.ID, posts), "The compass."))
    mark_page(kofi_browser)

    # Amara posts from the module page.
    log_in(browser, live_server, amara.user)
    browser.get(module_url)
    field = wait(browser).until(
        EC.visibility_of_element_located((By.NAME, f"board-{board.pk}-text"))
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.send_keys(TEXT)
    mark_page(browser)
    browser.find_element(
        By.XPATH, f"//*[@id='board-{board.pk}-composer']//button[.='Post']"
    ).click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, posts), TEXT))
    posted_at = time.monotonic()
    assert browser.find_element(By.NAME, f"board-{board.pk}-text").get_attribute("value") == ""
    assert browser.find_element(By.ID, "autosave-status").text == "Your work is private to you."

    # Kofi's board and the projector show it within one poll, without a reload.
    wait(kofi_browser, LIVE_SECONDS).until(EC.text_to_be_present_in_element((By.ID, posts), TEXT))
    wait(projector, LIVE_SECONDS).until(
        EC.text_to_be_present_in_element((By.ID, "projector-posts"), TEXT)
    )
    assert time.monotonic() - posted_at <= LIVE_SECONDS + 1
    assert "Dr. Amara Osei" in kofi_browser.find_element(By.ID, posts).text
    assert still_same_page(kofi_browser)
    assert still_same_page(projector)
    # While nothing changed, the polls were answered 304 and the page kept what it showed.
    time.sleep(3.5)
    assert 304 in poll_statuses(kofi_browser, f"/boards/{board.pk}/posts/")
    assert TEXT in kofi_browser.find_element(By.ID, posts).text

    # A hidden tab does not poll; coming back into view polls at once.
    kofi_browser.execute_script(
        "window.__state = 'hidden';"
        "Object.defineProperty(document, 'visibilityState', {get: () => window.__state});"
        "document.dispatchEvent(new Event('visibilitychange'));"
    )
    before = len(poll_statuses(kofi_browser, f"/boards/{board.pk}/posts/"))
    time.sleep(4)
    assert len(poll_statuses(kofi_browser, f"/boards/{board.pk}/posts/")) == before
    kofi_browser.execute_script(
        "window.__state = 'visible'; document.dispatchEvent(new Event('visibilitychange'));"
    )
    wait(kofi_browser, 2).until(
        lambda d: len(poll_statuses(d, f"/boards/{board.pk}/posts/")) > before
    )

    # Amara edits her post in place; Kofi sees the new text within a poll.
    mine = browser.find_element(By.XPATH, f"//article[contains(., '{TEXT}')]")
    click(browser, mine.find_element(By.XPATH, ".//a[.='Edit']"))
    box = wait(browser).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".board-editing textarea"))
    )
    box.clear()
    box.send_keys(EDITED)
    editing = browser.find_element(By.CLASS_NAME, "board-editing")
    screenshot(browser, request, "boards-editing-a-post.png", element=editing)
    browser.find_element(
        By.XPATH, "//*[contains(@class,'board-editing')]//button[.='Save']"
    ).click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, posts), "Your post is updated."))
    wait(kofi_browser, LIVE_SECONDS).until(EC.text_to_be_present_in_element((By.ID, posts), EDITED))
    wait(projector, LIVE_SECONDS).until(
        EC.text_to_be_present_in_element((By.ID, "projector-posts"), EDITED)
    )
    assert browser.find_element(By.ID, "autosave-status").text == "Your work is private to you."
    browser.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});",
        f"board-{board.section.slug}",
    )
    screenshot(browser, request, "boards-module-page.png")
    shoot_widths(kofi_browser, "boards-participant-board")
    shoot_widths(projector, "boards-projector")

    # The facilitator hides it from the moderation panel, on another screen than the projector.
    panel = new_browser()
    log_in(panel, live_server, facilitator.user)
    panel.get(panel_url)
    listed = wait(panel).until(
        EC.presence_of_element_located((By.XPATH, f"//li[contains(., '{EDITED}')]"))
    )
    assert "Dr. Priya Nair" not in panel.find_element(By.ID, "moderation-posts").text
    shoot_widths(panel, "boards-moderation")
    listed.find_element(By.XPATH, ".//button[.='Hide']").click()
    wait(panel).until(EC.text_to_be_present_in_element((By.ID, "hidden-count"), "1"))
    assert EDITED in panel.find_element(By.ID, "hidden-posts").text

    # Gone from Kofi's board and the projector within a poll; Amara sees it marked hidden.
    wait(kofi_browser, LIVE_SECONDS).until_not(
        EC.text_to_be_present_in_element((By.ID, posts), EDITED)
    )
    wait(projector, LIVE_SECONDS).until_not(
        EC.text_to_be_present_in_element((By.ID, "projector-posts"), EDITED)
    )
    wait(browser, LIVE_SECONDS).until(
        EC.text_to_be_present_in_element((By.ID, posts), "Hidden by your facilitator")
    )
    assert "The compass." in kofi_browser.find_element(By.ID, posts).text
    assert still_same_page(kofi_browser)
    assert still_same_page(projector)
    assert still_same_page(browser)
    screenshot(browser, request, "boards-module-page-hidden.png")
