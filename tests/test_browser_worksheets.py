"""In a real browser: the structured worksheets, filled in the way a participant fills them in.

Each test drives headless Chromium against the live server, waits for the autosave status
(`#autosave-status`) and checks what the page shows and what the database holds.
"""

import datetime

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.models import Section
from worksheets.models import (
    FourWayView,
    MentorshipAgreement,
    QuestionnaireRating,
    RolesChecklist,
    SmartGoal,
)

from .browser import (
    click,
    feedback_text,
    field,
    fill_and_sign_agreement,
    focus_is_visible,
    open_module,
    retype,
    screenshot,
    scroll_to,
    status_matches,
    wait,
    wait_until_saved,
)

pytestmark = pytest.mark.browser


# --- helpers -------------------------------------------------------------------------------


def section_of(module_slug, section_slug):
    return Section.objects.get(module__slug=module_slug, slug=section_slug)


# --- four-way view -------------------------------------------------------------------------


def test_four_way_view_stores_a_column_that_does_not_add_up_and_says_what_is_missing(
    live_server, browser, signed_in, enrollment, request
):
    section = section_of("work-life-integration", "four-way-view")
    open_module(browser, live_server, enrollment, section.module)
    prefix = f"s{section.pk}-fourway"
    names = {d: f"{prefix}-importance_{d}" for d in ("work", "home", "community", "self")}
    total = browser.find_element(By.CSS_SELECTOR, "[data-sum-total='importance']")
    assert total.text == "0% of 100%"

    for domain, value in zip(names, ("50", "20", "10", "10"), strict=True):
        field(browser, names[domain]).send_keys(value)
    assert total.text == "90% of 100% (10% to go)"
    assert "text-danger" in total.get_attribute("class")

    wait_until_saved(browser)  # a rule about the whole worksheet never refuses the numbers
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, f"notes-{prefix}"), "90%"))
    assert browser.find_element(By.ID, f"notes-{prefix}").text == (  # autosave replaced it
        "Not complete yet: Importance adds up to 90%; it must add up to exactly 100%."
    )
    view = FourWayView.objects.get(enrollment=enrollment, section=section)
    assert [getattr(view, f"importance_{d}") for d in names] == [50, 20, 10, 10]
    scroll_to(browser, browser.find_element(By.CSS_SELECTOR, "table[data-four-way]"))
    screenshot(browser, request, "four-way-view-does-not-add-up.png")

    retype(browser, names["self"], "20")
    assert total.text == "100% ✓"
    wait(browser).until(
        lambda d: d.find_element(By.ID, f"notes-{prefix}").text == ""
    )  # the note goes once the column adds up
    view.refresh_from_db()
    importance = [getattr(view, f"importance_{d}") for d in names]
    assert importance == [50, 20, 10, 20]
    assert view.focus_work is None  # the untouched column stays blank


# --- questionnaire by keyboard -------------------------------------------------------------


def test_the_expectations_questionnaire_can_be_completed_with_the_keyboard_alone(
    live_server, browser, signed_in, enrollment, request
):
    section = section_of("aligning-expectations", "expectations-questionnaire")
    items = [item["slug"] for stage in section.spec["stages"] for item in stage["items"]]
    assert len(items) == 19
    chosen = {slug: number % 6 + 1 for number, slug in enumerate(items)}  # 1, 2, … 6, 1, 2, …
    prefix = f"s{section.pk}-questionnaire"
    open_module(browser, live_server, enrollment, section.module)

    first = browser.find_element(By.CSS_SELECTOR, f"input[name='{prefix}-{items[0]}'][value='1']")
    scroll_to(browser, first)
    browser.execute_script("arguments[0].focus();", first)
    keys = ActionChains(browser)
    for number, slug in enumerate(items):
        active = browser.switch_to.active_element
        assert active.get_attribute("name") == f"{prefix}-{slug}", f"item {number + 1}"
        assert active.get_attribute("value") == "1"  # Tab lands on the first choice
        if chosen[slug] == 1:
            keys.send_keys(Keys.SPACE).perform()
        else:
            for _ in range(chosen[slug] - 1):
                keys.send_keys(Keys.ARROW_RIGHT).perform()
        active = browser.switch_to.active_element
        assert active.get_attribute("value") == str(chosen[slug])
        assert active.is_selected()
        assert focus_is_visible(browser), f"no visible focus on item {number + 1}"
        if number < len(items) - 1:
            keys.send_keys(Keys.TAB).perform()

    wait_until_saved(browser)
    ratings = dict(
        QuestionnaireRating.objects.filter(enrollment=enrollment, section=section).values_list(
            "item", "value"
        )
    )
    assert ratings == chosen
    checked = {
        radio.get_attribute("name").removeprefix(f"{prefix}-"): int(radio.get_attribute("value"))
        for radio in browser.find_elements(By.CSS_SELECTOR, f"input[name^='{prefix}-']:checked")
    }
    assert checked == chosen
    # The last choice still has the focus: its ring, and the status below, in the window.
    scroll_to(browser, browser.switch_to.active_element)
    screenshot(browser, request, "questionnaire-keyboard-focus.png")
    screenshot(
        browser,
        request,
        "questionnaire-after-keyboard.png",
        element=browser.find_element(By.ID, section.slug),
    )


# --- mentor roles --------------------------------------------------------------------------


def test_mentor_roles_store_every_tick_and_a_priority_ticks_its_role(
    live_server, browser, signed_in, enrollment
):
    section = section_of("aligning-expectations", "mentor-roles")
    prefix = f"s{section.pk}-roles"
    open_module(browser, live_server, enrollment, section.module)
    needed = ["field-specific-skills", "grant-writing", "networking"]
    priorities = ["field-specific-skills", "career-options"]  # the second is not ticked as needed
    count = browser.find_element(By.CSS_SELECTOR, "[data-priority-count]")

    for slug in needed:
        click(browser, browser.find_element(By.ID, f"id_{prefix}-needed-{slug}"))
    for slug in priorities:
        click(browser, browser.find_element(By.ID, f"id_{prefix}-priorities-{slug}"))
    assert count.text == "2 of 3 priorities chosen."
    assert browser.find_element(By.ID, f"id_{prefix}-needed-career-options").is_selected()

    wait_until_saved(browser)
    wait(browser).until(
        EC.text_to_be_present_in_element(
            (By.ID, f"feedback-id_{prefix}-priorities"),
            "Choose exactly 3 priorities (you chose 2).",
        )
    )
    record = RolesChecklist.objects.get(enrollment=enrollment, section=section)
    assert sorted(record.needed) == sorted([*needed, "career-options"])
    assert sorted(record.priorities) == sorted(priorities)

    click(browser, browser.find_element(By.ID, f"id_{prefix}-priorities-networking"))
    assert count.text == "3 of 3 priorities chosen."
    wait(browser).until(lambda d: feedback_text(d, f"{prefix}-priorities") == "")
    record.refresh_from_db()
    assert sorted(record.priorities) == sorted([*priorities, "networking"])


# --- SMART goals ---------------------------------------------------------------------------


def test_a_second_smart_goal_can_be_added_and_removed_and_the_first_is_kept(
    live_server, browser, signed_in, enrollment
):
    section = section_of("introduction-to-mentoring-up", "smart-goals")
    url = open_module(browser, live_server, enrollment, section.module)
    assert not SmartGoal.objects.filter(enrollment=enrollment, section=section).exists()
    texts = {
        "specific": "Submit a K99 application.",
        "measurable": "Application submitted.",
        "achievable": "My mentor has agreed to read two drafts.",
        "relevant": "It funds the move to independence.",
        "timely": "By the February deadline.",
    }
    for name, text in texts.items():  # the empty first goal is stored on its first save
        field(browser, f"s{section.pk}-goalnew-{name}").send_keys(text)
    # Let autosave finish first: a plain submit while an autosave is still on its way can
    # conflict with it (see test_the_save_button_during_a_slow_autosave_... in
    # test_browser_autosave.py).
    wait_until_saved(browser)
    first = SmartGoal.objects.get(enrollment=enrollment, section=section)

    click(browser, browser.find_element(By.NAME, "add_goal"))
    wait(browser).until(EC.url_contains("?saved=1#goal-"))
    second = SmartGoal.objects.exclude(pk=first.pk).get(enrollment=enrollment, section=section)
    goal_2 = wait(browser).until(EC.visibility_of_element_located((By.ID, f"goal-{second.pk}")))
    assert goal_2.find_element(By.TAG_NAME, "legend").text == "Goal 2"
    for name, text in texts.items():
        assert field(browser, f"s{section.pk}-goal{first.pk}-{name}").get_attribute("value") == text
        assert field(browser, f"s{section.pk}-goal{second.pk}-{name}").get_attribute("value") == ""

    click(browser, goal_2.find_element(By.LINK_TEXT, "Remove goal 2"))
    wait(browser).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Remove this SMART goal?")
    )
    click(browser, browser.find_element(By.XPATH, "//button[.='Remove the goal']"))
    wait(browser).until(EC.url_to_be(f"{url}#{section.slug}"))
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), section.module.title))

    goals = browser.find_elements(By.CSS_SELECTOR, f"#{section.slug} fieldset[id^='goal-']")
    assert [g.get_attribute("id") for g in goals] == [f"goal-{first.pk}"]
    assert not browser.find_elements(By.PARTIAL_LINK_TEXT, "Remove goal")
    for name, text in texts.items():
        assert field(browser, f"s{section.pk}-goal{first.pk}-{name}").get_attribute("value") == text
    assert list(SmartGoal.objects.filter(enrollment=enrollment, section=section)) == [first]
    first.refresh_from_db()
    assert {name: getattr(first, name) for name in texts} == texts


# --- mentorship agreement ------------------------------------------------------------------


def test_a_signed_agreement_is_read_only_until_it_is_unlocked(
    live_server, browser, signed_in, enrollment, request
):
    section = section_of("aligning-expectations", "mentorship-agreement")
    prefix = f"s{section.pk}-agreement"
    url = open_module(browser, live_server, enrollment, section.module)
    fill_and_sign_agreement(browser, prefix)
    assert field(browser, f"{prefix}-mentee_signed_on").get_attribute("value") == "2026-10-03"
    wait_until_saved(browser)
    agreement = MentorshipAgreement.objects.get(enrollment=enrollment, section=section)
    assert agreement.is_signed
    assert agreement.mentor_signed_on == datetime.date(2026, 10, 2)
    assert agreement.mentee_signed_on == datetime.date(2026, 10, 3)

    browser.get(url)
    card = wait(browser).until(EC.visibility_of_element_located((By.ID, section.slug)))
    signed = card.find_element(By.CSS_SELECTOR, ".alert-success")
    assert signed.text.startswith("Signed by both.")
    assert "Mentor: Ada Byron" in signed.text
    assert "Mentee: Sam Chen" in signed.text
    assert "read-only" in signed.text
    assert not card.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), textarea")
    assert "Learn to write grants." in card.text
    scroll_to(browser, card)
    screenshot(browser, request, "agreement-signed.png", element=card)

    click(browser, card.find_element(By.NAME, "unlock_agreement"))
    confirmation = wait(browser).until(EC.alert_is_present())
    assert "signatures will be cleared" in confirmation.text
    confirmation.accept()
    wait(browser).until(EC.url_to_be(f"{url}?saved=1#{section.slug}"))
    assert field(browser, f"{prefix}-mentor_name").get_attribute("value") == "Prof. Ada Byron"
    assert field(browser, f"{prefix}-part_goals").get_attribute("value") == "Learn to write grants."
    for name in ("mentor_signature", "mentor_signed_on", "mentee_signature", "mentee_signed_on"):
        box = field(browser, f"{prefix}-{name}")
        assert box.get_attribute("value") == ""
        assert box.is_enabled()
    assert not browser.find_elements(By.XPATH, f"//*[@id='{section.slug}']//*[.='Signed by both.']")
    agreement.refresh_from_db()
    assert not agreement.is_signed
    assert (agreement.mentor_signature, agreement.mentor_signed_on) == ("", None)
    assert (agreement.mentee_signature, agreement.mentee_signed_on) == ("", None)
    assert agreement.mentor_name == "Prof. Ada Byron"

    # Editable again: a change autosaves.
    field(browser, f"{prefix}-part_goals").send_keys(" And to run a lab.")
    wait_until_saved(browser)
    agreement.refresh_from_db()
    assert agreement.fields["goals"] == "Learn to write grants. And to run a lab."


def test_an_agreement_edit_after_signing_on_the_same_page_is_not_silently_dropped(
    live_server, browser, signed_in, enrollment
):
    section = section_of("aligning-expectations", "mentorship-agreement")
    prefix = f"s{section.pk}-agreement"
    open_module(browser, live_server, enrollment, section.module)
    fill_and_sign_agreement(browser, prefix)
    wait_until_saved(browser)
    assert MentorshipAgreement.objects.get(enrollment=enrollment, section=section).is_signed

    # The page still shows the agreement as editable boxes: the person fixes a typo.
    box = field(browser, f"{prefix}-part_goals")
    assert box.is_enabled()
    box.send_keys(" And to run a lab.")
    status = wait(browser).until(status_matches(r"^(Saved \d\d:\d\d|Not saved)"))
    agreement = MentorshipAgreement.objects.get(enrollment=enrollment, section=section)
    saved_text = agreement.fields["goals"]
    assert saved_text == "Learn to write grants. And to run a lab." or status.startswith(
        "Not saved"
    ), f"the page says {status!r} but the database still has {saved_text!r}"
