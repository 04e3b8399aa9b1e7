"""Screens: every participant page works on a phone (375 px), a tablet (768 px) and a desktop
(1280 px), and at 200 % zoom; the projector view is legible from the back of a room.

Each page is captured whole at each width under test-artifacts/screenshots/screens/ (not
committed) for a person to look at; the tests check what can be measured: nothing needs
horizontal page scrolling, wide tables scroll inside their own box, text stays large enough.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from sessions_app.boards.services import boards_create_missing, post_create
from sessions_app.models import Board, Enrollment

from .browser import OVERFLOW_SCRIPT, capture, check_pages, emulate, log_in, settle
from .test_accessibility import (
    Audit,
    demo_data,
    facilitator_urls,
    mentor_urls,
    participant_urls,
)

pytestmark = pytest.mark.browser


def test_participant_pages_fit_phone_tablet_and_desktop(
    transactional_db, live_server, screen_browser, curriculum
):
    demo = demo_data()
    log_in(screen_browser, live_server, demo.participant.user)
    urls = [(label, url) for label, url in participant_urls(demo) if "page" not in label]
    audit = Audit()
    problems = check_pages(screen_browser, live_server.url, "participant", urls, audit=audit)
    assert not problems, "\n".join(problems)
    audit.assert_clean("participant-phone")


def test_facilitator_and_mentor_pages_fit_phone_tablet_and_desktop(
    transactional_db, live_server, screen_browser, curriculum
):
    demo = demo_data()
    mentor = [(label, url) for label, url in mentor_urls(demo) if "unknown" not in label]
    problems = check_pages(screen_browser, live_server.url, "mentor", mentor)
    log_in(screen_browser, live_server, demo.facilitator.user)
    facilitator = [(label, url) for label, url in facilitator_urls(demo) if label != "projector"]
    problems += check_pages(screen_browser, live_server.url, "facilitator", facilitator)
    assert not problems, "\n".join(problems)


def test_text_zoomed_to_200_percent_loses_nothing(
    transactional_db, live_server, screen_browser, curriculum
):
    """Browser zoom at 200 % on a 1280 px screen lays the page out 640 px wide; text-only zoom
    doubles the root font size. Neither may need horizontal page scrolling."""
    demo = demo_data()
    log_in(screen_browser, live_server, demo.participant.user)
    urls = [(label, url) for label, url in participant_urls(demo) if label.startswith("module")]
    urls = [participant_urls(demo)[0], *urls]
    problems = check_pages(screen_browser, live_server.url, "zoom", urls, {"zoom200": 640})

    emulate(screen_browser, 1280)
    for label, url in urls[:4]:
        screen_browser.get(live_server.url + url)
        settle(screen_browser)
        screen_browser.execute_script("document.documentElement.style.fontSize = '200%';")
        measured = screen_browser.execute_script(OVERFLOW_SCRIPT)
        if measured["scrollWidth"] > measured["width"] or measured["wide"]:
            problems.append(f"text zoom {label}: too wide: {measured['wide']}")
        capture(screen_browser, f"textzoom-{label}")
    assert not problems, "\n".join(problems)


def test_the_projector_is_legible_from_the_back_of_the_room(
    transactional_db, live_server, screen_browser, curriculum
):
    demo = demo_data()
    boards_create_missing(cohort=demo.cohort)
    board = Board.objects.filter(cohort=demo.cohort).order_by("pk").first()
    classmates = Enrollment.objects.participants().filter(cohort=demo.cohort)
    texts = [
        "Hello, I study soil microbes and I would like a mentor who tells me early when a "
        "project is not working.",
        "Protein folding; hoping to learn how to ask for feedback on drafts.",
        "Computational linguistics. Goal: a first-author paper this year.",
        "I am new in the lab and in the country; I hope to meet people here.",
    ]
    for number, text in enumerate(texts):
        post_create(
            board=board,
            enrollment=classmates[number % classmates.count()],
            text=text,
            is_anonymous=number == 2,
        )
    log_in(screen_browser, live_server, demo.facilitator.user)
    emulate(screen_browser, 1920, 1080)
    screen_browser.get(
        live_server.url + reverse("boards:projector", args=[demo.cohort.pk, board.pk])
    )
    settle(screen_browser)
    capture(screen_browser, "projector-1920x1080")

    def size(selector):
        element = screen_browser.find_element(By.CSS_SELECTOR, selector)
        return float(element.value_of_css_property("font-size").removesuffix("px"))

    # From 10 m a 1920 px wide picture three metres across needs type of about 1/50 of its
    # height: the question at least 48 px, posts at least 32 px, names and times at least 22 px.
    assert size(".projector-prompt") >= 48
    assert size(".projector-text") >= 32
    assert size(".projector-author") >= 22
    cards = screen_browser.find_elements(By.CSS_SELECTOR, ".projector-card")
    assert len(cards) == board.posts.visible().count()  # the demo's own posts and these
    # Two or more columns of posts: a room sees several at once without scrolling.
    lefts = {card.location["x"] for card in cards}
    assert len(lefts) >= 2
    measured = screen_browser.execute_script(OVERFLOW_SCRIPT)
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]


def test_a_module_page_prints_its_content_and_whole_answers_without_controls(
    transactional_db, live_server, screen_browser, curriculum
):
    demo = demo_data()
    log_in(screen_browser, live_server, demo.participant.user)
    module = [url for label, url in participant_urls(demo) if label.startswith("module")][1]
    emulate(screen_browser, 1280)
    screen_browser.get(live_server.url + module)
    settle(screen_browser)
    # What the browser does when a person prints (Page.printToPDF alone does not).
    screen_browser.execute_script("window.dispatchEvent(new Event('beforeprint'));")
    pdf = screen_browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    folder = Path("test-artifacts", "print")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "module.pdf").write_bytes(base64.b64decode(pdf["data"]))

    screen_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    screen_browser.execute_script("window.dispatchEvent(new Event('beforeprint'));")
    try:
        shown = screen_browser.execute_script(
            "const visible = (s) => [...document.querySelectorAll(s)]"
            "  .filter((el) => getComputedStyle(el).display !== 'none').length;"
            "return {nav: visible('nav.navbar'), footer: visible('footer'),"
            " saveBar: visible('.save-bar'), buttons: visible('main .btn'),"
            " cut: [...document.querySelectorAll('textarea')]"
            "  .filter((t) => getComputedStyle(t).display !== 'none')"
            "  .filter((t) => t.scrollHeight > t.clientHeight + 2).length,"
            " boxes: document.querySelectorAll('main textarea').length,"
            " copies: [...document.querySelectorAll('.print-copy')]"
            "  .filter((el) => getComputedStyle(el).display !== 'none').length};"
        )
        capture(screen_browser, "print-media-module")
    finally:
        screen_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown["nav"] == shown["footer"] == shown["saveBar"] == shown["buttons"] == 0, shown
    assert shown["boxes"] > 0
    assert shown["copies"] == shown["boxes"], shown
    assert shown["cut"] == 0, f"{shown['cut']} text boxes hide part of their answer in print"
