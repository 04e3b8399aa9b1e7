"""In a real browser: a module page saves itself while the person types, and never loses text.

The page is one form that htmx posts to the autosave URL about a second after typing pauses;
`#autosave-status` says what happened. These tests drive headless Chromium against the live
server and check both what the page says and what the database holds.
"""

import re
from importlib import import_module

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.models import CohortSession, Module
from worksheets.models import Answer

from .browser import (
    answer_box,
    answer_name,
    autosave_responses,
    block_autosave,
    browser_storage,
    click,
    first_prompt,
    leaving_is_held_back,
    open_module,
    record_autosave_responses,
    status_matches,
    status_text,
    unblock_autosave,
    use_session,
    wait,
    wait_until_saved,
)
from .factories import AnswerFactory

pytestmark = pytest.mark.browser

MODULE_SLUG = "introduction-to-mentoring-up"
HTMX_PATH_KEY = "htmx-current-path-for-history"
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def module(curriculum):
    return Module.objects.get(slug=MODULE_SLUG)


# --- tests ---------------------------------------------------------------------------------


def test_typing_saves_by_itself_and_the_text_is_there_after_a_reload(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    text = "A mentor who asks good questions, and lets me find the answers."
    open_module(browser, live_server, enrollment, module)
    assert status_text(browser) == "Your work is private to you."

    answer_box(browser, prompt).send_keys(text)
    assert status_text(browser) == "Unsaved changes…"
    wait_until_saved(browser)

    browser.refresh()
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), module.title))
    assert answer_box(browser, prompt).get_attribute("value") == text
    answer = Answer.objects.get(enrollment=enrollment, prompt=prompt)
    assert answer.text == text
    assert answer.version == 1


def test_failed_saves_are_retried_and_the_text_is_saved_once_the_network_is_back(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    text = "Written on a train with no signal."
    open_module(browser, live_server, enrollment, module)
    record_autosave_responses(browser)
    block_autosave(browser)
    try:
        answer_box(browser, prompt).send_keys(text)
        retrying = wait(browser).until(status_matches(r"^Not saved yet: retrying in \d+ s"))
        assert "Your text stays on this page" in retrying
        assert "text-danger" in browser.find_element(By.ID, "autosave-status").get_attribute(
            "class"
        )
        assert autosave_responses(browser)[0] == 0  # the request failed at the network level
        assert not Answer.objects.filter(enrollment=enrollment).exists()
        assert leaving_is_held_back(browser)
    finally:
        unblock_autosave(browser)

    wait_until_saved(browser)
    assert answer_box(browser, prompt).get_attribute("value") == text
    assert Answer.objects.get(enrollment=enrollment, prompt=prompt).text == text
    assert autosave_responses(browser)[-1] == 200
    assert not leaving_is_held_back(browser)


def test_nothing_is_kept_in_browser_storage(live_server, browser, signed_in, enrollment, module):
    prompt = first_prompt(module)
    secret = "Private: my worries about the next contract."
    url = open_module(browser, live_server, enrollment, module)
    answer_box(browser, prompt).send_keys(secret)
    typed = browser_storage(browser)  # while the text is not saved yet
    wait_until_saved(browser)
    saved = browser_storage(browser)
    browser.refresh()
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), module.title))

    for storage in (typed, saved, browser_storage(browser)):
        assert storage["local"] == {}
        # htmx 2 always notes the page's path (never its content) in sessionStorage for its
        # history feature, even with history turned off: that one key is allowed, nothing else.
        assert storage["session"] in ({}, {HTMX_PATH_KEY: url.removeprefix(live_server.url)})
        assert not any("worries" in value for value in storage["session"].values())


def test_a_stale_tab_shows_both_texts_and_saves_only_when_told_to_keep_its_own(
    live_server, browser, new_browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    mine, theirs = "Written in tab A.", "Written later in tab B."
    tab_a = browser
    tab_b = new_browser()
    use_session(tab_b, live_server, signed_in)
    open_module(tab_a, live_server, enrollment, module)
    open_module(tab_b, live_server, enrollment, module)

    # Tab B saves first; tab A still shows the empty box it loaded.
    answer_box(tab_b, prompt).send_keys(theirs)
    wait_until_saved(tab_b)
    answer_box(tab_a, prompt).send_keys(mine)

    feedback = f"feedback-id_{answer_name(prompt)}"
    panel = wait(tab_a).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, f"#{feedback} .conflict"))
    )
    assert "Saved in another tab or window:" in panel.text
    assert panel.find_element(By.CSS_SELECTOR, ".conflict-saved").text == theirs
    assert "changed in another tab" in status_text(tab_a)
    assert status_text(tab_a).startswith("Not saved:")
    assert answer_box(tab_a, prompt).get_attribute("value") == mine
    answer = Answer.objects.get(enrollment=enrollment, prompt=prompt)
    assert (answer.text, answer.version) == (theirs, 1)

    click(tab_a, panel.find_element(By.XPATH, ".//button[normalize-space()='Keep mine']"))
    wait_until_saved(tab_a)
    assert not tab_a.find_elements(By.CSS_SELECTOR, f"#{feedback} .conflict")
    answer.refresh_from_db()
    assert (answer.text, answer.version) == (mine, 2)

    # Tab B, reloaded, now shows tab A's text.
    tab_b.refresh()
    wait(tab_b).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), module.title))
    assert answer_box(tab_b, prompt).get_attribute("value") == mine


def test_a_stale_tab_can_take_the_saved_text_instead(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    # Saved elsewhere after this page was loaded (another device, say).
    AnswerFactory(enrollment=enrollment, prompt=prompt, text="From my laptop.", version=3)

    answer_box(browser, prompt).send_keys("From my phone.")
    panel = wait(browser).until(
        EC.visibility_of_element_located(
            (By.CSS_SELECTOR, f"#feedback-id_{answer_name(prompt)} .conflict")
        )
    )
    click(
        browser, panel.find_element(By.XPATH, ".//button[normalize-space()='Use the saved text']")
    )
    wait_until_saved(browser)
    assert answer_box(browser, prompt).get_attribute("value") == "From my laptop."
    answer = Answer.objects.get(enrollment=enrollment, prompt=prompt)
    assert (answer.text, answer.version) == ("From my laptop.", 3)
    assert not leaving_is_held_back(browser)


def test_leaving_with_unsaved_text_asks_first_and_not_once_it_is_saved(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    assert not leaving_is_held_back(browser)  # nothing typed yet

    # Checked right after typing, well within the one-second pause before autosave starts.
    answer_box(browser, prompt).send_keys("Half a thought")
    assert leaving_is_held_back(browser)

    wait_until_saved(browser)
    assert not leaving_is_held_back(browser)
    # And the page really lets go: following a link leaves it.
    click(browser, browser.find_element(By.CSS_SELECTOR, ".breadcrumb a"))
    wait(browser).until(EC.url_to_be(live_server.url + enrollment.cohort.get_absolute_url()))
    assert Answer.objects.get(enrollment=enrollment, prompt=prompt).text == "Half a thought"


def test_the_save_button_saves_at_once_without_waiting_for_autosave(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    text = "Saved with the button, straight away."
    url = open_module(browser, live_server, enrollment, module)

    answer_box(browser, prompt).send_keys(text)
    button = browser.find_element(By.XPATH, "//form[@id='module-form']//button[.='Save']")
    click(browser, button)

    wait(browser).until(EC.url_to_be(url + "?saved=1"))
    notice = wait(browser).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".alert-success"))
    )
    assert notice.text == "Your work is saved."
    assert answer_box(browser, prompt).get_attribute("value") == text
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-danger")
    assert Answer.objects.get(enrollment=enrollment, prompt=prompt).text == text


def test_a_session_closed_while_the_page_is_open_says_so_instead_of_saving(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    record_autosave_responses(browser)
    CohortSession.objects.filter(cohort=enrollment.cohort, session=module.session).update(
        is_open=False
    )

    answer_box(browser, prompt).send_keys("Typed after the facilitator closed the session.")
    wait(browser).until(lambda d: autosave_responses(d))
    assert autosave_responses(browser) == [403]
    assert not Answer.objects.filter(enrollment=enrollment).exists()
    assert leaving_is_held_back(browser)
    assert status_text(browser).startswith("Not saved: this session has been closed")


def test_a_page_whose_login_has_ended_does_not_pretend_to_save(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    record_autosave_responses(browser)
    # Logged out meanwhile (in another tab, or the session expired): the session is gone.
    SessionStore().delete(signed_in)

    answer_box(browser, prompt).send_keys("Typed after the login ended.")
    wait(browser).until(lambda d: autosave_responses(d))
    assert not Answer.objects.filter(enrollment=enrollment).exists()
    assert leaving_is_held_back(browser), "the page treats the unsaved text as saved"
    assert status_text(browser).startswith("Not saved")


def test_the_save_button_during_a_slow_autosave_does_not_conflict_with_itself(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        box = answer_box(browser, prompt)
        box.send_keys("A first thought,")
        wait(browser).until(status_matches("^Saving…$"))  # on its way, slowly
        box.send_keys(" and a second one.")
        click(
            browser, browser.find_element(By.XPATH, "//form[@id='module-form']//button[.='Save']")
        )
        wait(browser).until(EC.staleness_of(box))  # a new page: saved, or shown again
        wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .alert")))
    finally:
        browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        browser.execute_cdp_cmd("Network.disable", {})

    alerts = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "main .alert")]
    assert alerts == ["Your work is saved."]
    text = Answer.objects.get(enrollment=enrollment, prompt=prompt).text
    assert text == "A first thought, and a second one."


def test_typing_in_one_section_sends_only_that_section(
    live_server, browser, signed_in, enrollment, module
):
    prompt = first_prompt(module)
    open_module(browser, live_server, enrollment, module)
    browser.execute_script(
        """
        window.autosaveSent = [];
        document.getElementById("module-form").addEventListener("htmx:beforeRequest", (e) => {
          window.autosaveSent.push(Array.from(e.detail.requestConfig.parameters.keys()));
        });
        """
    )

    answer_box(browser, prompt).send_keys("Only this answer changed.")
    wait_until_saved(browser)

    sent = browser.execute_script("return window.autosaveSent;")
    assert sent, "no autosave was sent"
    sections = {re.match(r"s(\d+)-", name).group(1) for name in sent[-1] if name[:1] == "s"}
    assert sections == {str(prompt.section_id)}
    assert Answer.objects.get(enrollment=enrollment, prompt=prompt).text.startswith("Only this")
