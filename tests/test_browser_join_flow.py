"""In a real browser: a new postdoc joins by the cohort link and writes a first answer."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.models import Enrollment, Session
from worksheets.models import Answer

from .browser import first_prompt, wait
from .factories import CohortFactory, UserFactory, open_sessions

pytestmark = pytest.mark.browser

SCREENSHOT = Path("test-artifacts", "screenshots", "join-flow-module.png")


def test_a_new_postdoc_joins_by_link_and_saves_a_first_answer(
    transactional_db, live_server, browser, curriculum, request
):
    cohort = CohortFactory(name="Spring cohort 2026")
    open_sessions(cohort, Session.objects.all())
    modules = list(curriculum)
    module = modules[0]
    prompt = first_prompt(module)
    answer_text = "I picked the lighthouse photo — a mentor shows the way, I steer the boat."

    # The join link: sign up with name, e-mail and the password twice.
    browser.get(live_server.url + cohort.get_join_url())
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), cohort.name))
    browser.find_element(By.NAME, "display_name").send_keys("Dr. Sam Chen")
    browser.find_element(By.NAME, "email").send_keys("sam.chen@example.edu")
    browser.find_element(By.NAME, "password1").send_keys("a-long-unusual-pass")
    browser.find_element(By.NAME, "password2").send_keys("a-long-unusual-pass")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

    # The answer is the same for every address; the mail's link finishes the account.
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Check your e-mail"))
    (message,) = mail.outbox
    browser.get(re.search(r"https?://\S+", message.body).group(0))
    wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "main form button"))).click()

    # The workbook page lists every module, each a link since all sessions are open.
    wait(browser).until(EC.url_to_be(live_server.url + cohort.get_absolute_url()))
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Your workbook"))
    links = browser.find_elements(By.CSS_SELECTOR, "main section.card li a")
    assert [link.text for link in links] == [m.title for m in modules]
    user = get_user_model().objects.get(email="sam.chen@example.edu")
    enrollment = Enrollment.objects.get(cohort=cohort, user=user)
    assert enrollment.role == Enrollment.Role.PARTICIPANT

    # Open the first module and write in its first question.
    module_url = live_server.url + reverse("worksheets:module", args=[cohort.pk, module.slug])
    links[0].click()
    wait(browser).until(EC.url_to_be(module_url))
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), module.title))
    answer_name = f"s{prompt.section_id}-answers-p{prompt.pk}"
    assert browser.find_elements(By.NAME, answer_name), "the module page shows no text box"
    field = wait(browser).until(
        EC.element_to_be_clickable((By.NAME, f"s{prompt.section_id}-answers-p{prompt.pk}"))
    )
    field.send_keys(answer_text)
    browser.find_element(By.XPATH, "//main//form//button[normalize-space()='Save']").click()
    wait(browser).until(EC.url_to_be(module_url + "?saved=1"))
    wait(browser).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".alert-success"), "saved")
    )

    # Come back to the module: the answer is in its box.
    browser.get(module_url)
    browser.refresh()
    wait(browser).until(EC.url_to_be(module_url))
    field = wait(browser).until(
        EC.visibility_of_element_located((By.NAME, f"s{prompt.section_id}-answers-p{prompt.pk}"))
    )
    assert field.get_attribute("value") == answer_text
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-success")

    screenshot = Path(request.config.rootpath, SCREENSHOT)
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    assert browser.save_screenshot(str(screenshot))

    answer = Answer.objects.get(enrollment=enrollment, prompt=prompt)
    assert answer.text == answer_text
    assert answer.version == 1
    assert Answer.objects.filter(enrollment=enrollment).count() == 1


def test_a_wrong_password_shows_the_error_and_keeps_the_email(
    transactional_db, live_server, browser
):
    UserFactory(email="ana@example.edu")

    browser.get(live_server.url + reverse("accounts:login"))
    wait(browser).until(EC.visibility_of_element_located((By.NAME, "username"))).send_keys(
        "ana@example.edu"
    )
    browser.find_element(By.NAME, "password").send_keys("not-her-password")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

    error = wait(browser).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "main form .alert-danger"))
    )
    assert "do not match an account" in error.text
    assert browser.current_url.startswith(live_server.url + reverse("accounts:login"))
    assert browser.find_element(By.NAME, "username").get_attribute("value") == "ana@example.edu"
    assert browser.find_element(By.NAME, "password").get_attribute("value") == ""
