"""Accessibility of the evaluation's pages (WCAG 2.1 AA, axe-core in headless Chromium, the
same audit as tests/test_accessibility.py): the participant's course record and survey (also
with an error and a conflict shown), the facilitator's attendance grid, certificates and
reports, the mentor's survey and the public certificate check."""

import pytest
from django.urls import reverse

from evaluation.models import Item
from evaluation.services import certificate_issue

from .browser import log_in, settle
from .test_accessibility import Audit, demo_data

pytestmark = pytest.mark.browser


def test_every_evaluation_page_passes_axe(transactional_db, live_server, browser, curriculum):
    demo = demo_data()
    c = demo.cohort.pk
    token = demo.mentor_url.rstrip("/").rsplit("/", 1)[-1]
    certificate = certificate_issue(enrollment=demo.participant, issued_by=None)
    audit = Audit()
    audit.visit_all(
        browser,
        live_server.url,
        [
            ("certificate check", reverse("evaluation:verify", args=[certificate.code])),
            ("certificate unknown", reverse("evaluation:verify", args=["NOPE-NOPE-NOPE-NOPE"])),
            ("mentor survey", reverse("evaluation:mentor_survey", args=[token, "post"])),
        ],
    )
    log_in(browser, live_server, demo.participant.user)
    survey = reverse("evaluation:survey", args=[c, "post"])
    audit.visit_all(
        browser,
        live_server.url,
        [
            ("course record", reverse("evaluation:record", args=[c])),
            ("survey after", survey),
            ("survey before, closed", reverse("evaluation:survey", args=[c, "pre"])),
        ],
    )
    # A value off the scale, sent as a hand-made request would: the message must pass too.
    item = Item.objects.filter(kind="scale", waves__contains="post").first()
    browser.get(live_server.url + survey)
    browser.execute_script(
        f"const box = document.querySelector('input[name=\"item-{item.slug}\"]');"
        "box.value = '9'; box.checked = true; box.form.requestSubmit();"
    )
    settle(browser)
    assert "is not on this scale" in browser.page_source
    audit.check(browser, "survey with an error")

    log_in(browser, live_server, demo.facilitator.user)
    audit.visit_all(
        browser,
        live_server.url,
        [
            ("attendance", reverse("evaluation:attendance", args=[c])),
            ("certificates", reverse("evaluation:certificates", args=[c])),
            ("evaluation report", reverse("evaluation:report", args=[c])),
            ("evaluation across cohorts", reverse("evaluation:report_all")),
        ],
    )
    audit.assert_clean("evaluation")
    audit.assert_specific_titles()
