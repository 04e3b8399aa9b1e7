"""In real browsers: a participant posts on a cohort board while the facilitator projects it."""

import time

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.boards.services import board_for, post_create, post_set_pinned
from sessions_app.models import Enrollment, Section, Session

from .browser import log_in, mark_page, screenshot, still_same_page, wait
from .factories import CohortFactory, EnrollmentFactory, UserFactory, open_sessions

pytestmark = pytest.mark.browser

LIVE_SECONDS = 3 + 1.5  # the 3 s poll plus a request's time


def person(cohort, name, role=Enrollment.Role.PARTICIPANT):
    return EnrollmentFactory(cohort=cohort, user=UserFactory(display_name=name), role=role)


def test_a_post_appears_on_the_projector_and_a_hidden_one_leaves_the_participants_page(
    transactional_db, live_server, browser, new_browser, curriculum, request
):
    cohort = CohortFactory(name="Spring cohort 2026")
    open_sessions(cohort, Session.objects.all())
    participant = person(cohort, "Dr. Amara Osei")
    facilitator = person(cohort, "Jordan Lee", Enrollment.Role.FACILITATOR)
    board = board_for(cohort=cohort, section=Section.objects.get(spec__board="introductions"))
    for name, text, anonymous in [
        (
            "Dr. Wei Zhang",
            "I picked the bridge: a mentor connects two banks I cannot reach alone.",
            False,
        ),
        ("Dr. Priya Nair", "The seedling photo. Growing slowly, with the right light.", True),
        ("Dr. Tomás Ruiz", "The compass. I want direction, not a map drawn for me.", False),
    ]:
        post = post_create(
            board=board, enrollment=person(cohort, name), text=text, is_anonymous=anonymous
        )
    post_set_pinned(post=post, pinned=True)
    module = board.section.module
    module_url = live_server.url + reverse("worksheets:module", args=[cohort.pk, module.slug])
    projector_url = live_server.url + reverse("boards:projector", args=[cohort.pk, board.pk])
    text = "Lighthouse: a mentor shows where the rocks are, I still steer the boat."

    # The facilitator puts the projector view up.
    projector = new_browser()
    log_in(projector, live_server, facilitator.user)
    projector.get(projector_url)
    wait(projector).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), board.prompt))
    cards = projector.find_element(By.ID, "projector-posts")
    assert "The compass." in cards.text
    assert "Dr. Priya Nair" not in cards.text  # anonymous, and the projector faces the room
    mark_page(projector)

    # The participant posts from the module page.
    log_in(browser, live_server, participant.user)
    browser.get(module_url)
    field = wait(browser).until(
        EC.visibility_of_element_located((By.NAME, f"board-{board.pk}-text"))
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.send_keys(text)
    mark_page(browser)
    browser.find_element(
        By.XPATH, f"//*[@id='board-{board.pk}-composer']//button[.='Post']"
    ).click()
    posts = f"board-{board.pk}-posts"
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, posts), text))
    posted_at = time.monotonic()
    assert "Dr. Amara Osei" not in browser.find_element(By.ID, posts).text  # "You"
    assert browser.find_element(By.NAME, f"board-{board.pk}-text").get_attribute("value") == ""
    # The board is not part of the workbook: autosave did not start.
    assert browser.find_element(By.ID, "autosave-status").text == "Your work is private to you."
    browser.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});",
        f"board-{board.section.slug}",
    )
    screenshot(browser, request, "boards-module-page.png")

    # The projector shows it within one poll, without a reload.
    wait(projector, LIVE_SECONDS).until(
        EC.text_to_be_present_in_element((By.ID, "projector-posts"), text)
    )
    assert time.monotonic() - posted_at <= LIVE_SECONDS
    assert still_same_page(projector)
    assert "Dr. Amara Osei" in projector.find_element(By.ID, "projector-posts").text
    screenshot(projector, request, "boards-projector.png")

    # The facilitator hides it: gone from the projector at once, from the participant's page
    # within a poll, and kept in the facilitator's hidden list.
    card = projector.find_element(By.XPATH, f"//article[contains(., '{text}')]")
    card.find_element(By.XPATH, ".//button[.='Hide']").click()
    wait(projector).until(EC.staleness_of(card))
    assert text not in projector.find_element(By.ID, "projector-posts").text
    assert projector.find_element(By.ID, "hidden-count").text == "1"
    wait(browser, LIVE_SECONDS).until_not(EC.text_to_be_present_in_element((By.ID, posts), text))
    assert still_same_page(browser)
    assert still_same_page(projector)
    assert "The compass." in browser.find_element(By.ID, posts).text
