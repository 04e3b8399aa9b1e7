"""In a real browser: a postdoc opens the cohort's join link, signs in with the institution at a
local OpenID provider, and comes back enrolled."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from sessions_app.models import Enrollment, Session

from .browser import wait
from .factories import CohortFactory, open_sessions

pytestmark = pytest.mark.browser


def test_join_link_then_sign_in_with_the_institution_comes_back_enrolled(
    transactional_db, live_server, browser, curriculum, oidc_provider
):
    cohort = CohortFactory(name="Autumn cohort")
    open_sessions(cohort, Session.objects.all())
    oidc_provider.set_person(
        "sub-browser", email="kim@example.edu", email_verified=True, name="Dr. Kim Park"
    )

    browser.get(live_server.url + cohort.get_join_url())
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), cohort.name))
    browser.find_element(By.LINK_TEXT, "Sign in with Example University").click()

    # At the provider: sign in as the person it knows.
    wait(browser).until(EC.url_contains(oidc_provider.url))
    browser.find_element(By.NAME, "sub").send_keys("sub-browser")
    browser.find_element(By.XPATH, "//button[text()='Authorize']").click()

    wait(browser).until(EC.url_to_be(live_server.url + cohort.get_absolute_url()))
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Your workbook"))
    enrollment = Enrollment.objects.get(cohort=cohort)
    assert enrollment.user.email == "kim@example.edu"
    assert enrollment.user.display_name == "Dr. Kim Park"
    assert "Change password" not in browser.page_source  # nothing to change: no password

    # Logging out ends the session here.
    browser.find_element(By.CSS_SELECTOR, "nav .dropdown-toggle").click()
    browser.find_element(By.XPATH, "//button[text()='Log out']").click()
    wait(browser).until(EC.url_contains(reverse("accounts:login")))
    browser.get(live_server.url + cohort.get_absolute_url())
    wait(browser).until(EC.url_contains(reverse("accounts:login")))
