"""In real browsers: a postdoc invites their mentor, who rates, comments and signs through the
private link; the postdoc then sees the comparison and the signature."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.models import Section
from worksheets.models import MentorRating, MentorshipAgreement

from .browser import click, log_in, wait
from .factories import QuestionnaireRatingFactory

pytestmark = pytest.mark.browser


def test_the_mentor_rates_and_signs_and_the_postdoc_sees_it(
    transactional_db, live_server, browser, new_browser, enrollment
):
    questionnaire = Section.objects.get(worksheet_type="questionnaire")
    items = [i["slug"] for stage in questionnaire.spec["stages"] for i in stage["items"]]
    for item in items:
        QuestionnaireRatingFactory(enrollment=enrollment, section=questionnaire, item=item, value=2)

    # The postdoc makes a link for their mentor.
    log_in(browser, live_server, enrollment.user)
    browser.get(live_server.url + reverse("mentor:links", args=[enrollment.cohort_id]))
    browser.find_element(By.NAME, "mentor_name").send_keys("Prof. Helen Park")
    click(
        browser, browser.find_element(By.XPATH, "//button[normalize-space()='Make a private link']")
    )
    link_box = wait(browser).until(EC.visibility_of_element_located((By.ID, "new-link")))
    mentor_url = link_box.get_attribute("value")
    assert "/mentor/" in mentor_url

    # The mentor, in another browser without an account, rates every pair.
    mentor = new_browser()
    mentor.get(mentor_url)
    wait(mentor).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Helen Park"))
    click(mentor, mentor.find_element(By.LINK_TEXT, "Answer the questionnaire"))
    for number, item in enumerate(items, start=1):
        value = 6 if number == 1 else 3  # far apart on the first pair only
        radio = mentor.find_element(By.CSS_SELECTOR, f"input[name='{item}'][value='{value}']")
        label = mentor.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']")
        mentor.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", label
        )
        label.click()
        assert radio.is_selected()
    click(mentor, mentor.find_element(By.XPATH, "//button[normalize-space()='Save my answers']"))
    wait(mentor).until(EC.url_to_be(mentor_url + "?saved=questionnaire"))
    saved = mentor.find_element(By.CSS_SELECTOR, ".alert-success").text
    assert f"{len(items)} of {len(items)} answered" in saved

    # …then comments on the goals and signs.
    click(mentor, mentor.find_element(By.LINK_TEXT, "Read the agreement"))
    mentor.find_element(By.NAME, "comment_goals").send_keys("Add one first-author paper.")
    mentor.find_element(By.NAME, "signature").send_keys("Helen Park")
    mentor.execute_script("document.querySelector('input[name=signed_on]').value = '2026-11-20';")
    click(mentor, mentor.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait(mentor).until(EC.url_to_be(mentor_url + "?saved=agreement"))
    assert MentorRating.objects.count() == len(items)
    agreement = MentorshipAgreement.objects.get(enrollment=enrollment)
    assert agreement.mentor_signature == "Helen Park"

    # The postdoc sees the comparison, the pair to talk about, and what the link did.
    browser.get(live_server.url + reverse("mentor:links", args=[enrollment.cohort_id]))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Talk about this" in page
    assert "(you: 2, Prof. Helen Park: 6)" in page
    assert "signed the agreement as Helen Park" in page
    click(browser, browser.find_element(By.XPATH, "//button[contains(., 'Copy these topics')]"))
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".alert-success")))
    agreement.refresh_from_db()
    assert "Topics to settle together" in agreement.fields["steps"]
    # Copying changed the text the mentor signed, so the signature is cleared, and the page says so.
    assert agreement.mentor_signature == ""
    module_url = reverse(
        "worksheets:module", args=[enrollment.cohort_id, questionnaire.module.slug]
    )
    browser.get(live_server.url + module_url)
    assert "signatures were cleared" in browser.find_element(By.TAG_NAME, "main").text
    assert "Add one first-author paper." in browser.find_element(By.TAG_NAME, "main").text
