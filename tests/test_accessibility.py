"""Accessibility (WCAG 2.1 AA): axe-core on every page a participant, a facilitator, a mentor link
and a visitor reach with the demo data, in headless Chromium; keyboard focus; errors tied to their
fields; the error pages.

A violation of impact "serious" or "critical" fails the test. Moderate and minor ones are printed
as a table (run with -rP or -s to see it) and written to test-artifacts/accessibility/<role>.txt.

The axe-core build shipped with axe-selenium-python is used; set AXE_CORE_JS to the path of
another axe.min.js (for example a newer one from the npm registry) to audit with that instead.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from followup.models import CheckIn, Meeting
from followup.services import meeting_create
from sessions_app.boards.services import boards_create_missing
from sessions_app.models import Board, Cohort, CohortSession, Enrollment, Module, Section
from sessions_app.services import invitations_send
from worksheets.demo import DEMO_JOIN_CODE, FACILITATOR, PARTICIPANT
from worksheets.mentor.services import mentor_link_create, mentor_link_for_token
from worksheets.models import SmartGoal

from .browser import capture, emulate, log_in, page_data, settle

pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("critical", "serious")
REPORT_FOLDER = Path("test-artifacts", "accessibility")
DEFAULT_TITLE = "Mentoring Up · Mentoring Up workbook"


# --- Demo data and signing in ----------------------------------------------------------------


@dataclass
class Demo:
    cohort: Cohort
    participant: Enrollment
    facilitator: Enrollment
    mentor_url: str


def demo_data() -> Demo:
    """The demo cohort (seed_demo) plus a fresh mentor link whose address is known."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    participant = Enrollment.objects.select_related("cohort").get(
        user__email=PARTICIPANT["email"], cohort__join_code=DEMO_JOIN_CODE
    )
    facilitator = Enrollment.objects.get(
        user__email=FACILITATOR["email"], cohort=participant.cohort
    )
    _, mentor_url = mentor_link_create(enrollment=participant, mentor_name="Prof. Helen Park")
    return Demo(participant.cohort, participant, facilitator, mentor_url)


def module_urls(cohort) -> list[tuple[str, str]]:
    return [
        (f"module {module.slug}", reverse("worksheets:module", args=[cohort.pk, module.slug]))
        for module in Module.objects.in_course_order()
    ]


def participant_urls(demo: Demo) -> list[tuple[str, str]]:
    cohort = demo.cohort
    boards_create_missing(cohort=cohort)
    board = Board.objects.filter(cohort=cohort).order_by("pk").first()
    goal = SmartGoal.objects.filter(enrollment=demo.participant).first()
    urls = [
        ("cohort home", reverse("sessions_app:cohort", args=[cohort.pk])),
        *module_urls(cohort),
        ("sharing", reverse("sessions_app:sharing", args=[cohort.pk])),
        ("mentor links", reverse("mentor:links", args=[cohort.pk])),
        ("password change", reverse("accounts:password_change")),
        ("account delete", reverse("accounts:delete")),
        ("403 page", reverse("facilitator:cohorts")),
        ("404 page", "/no-such-page/"),
    ]
    if board is not None:
        urls.append(("board", reverse("boards:board", args=[cohort.pk, board.pk])))
    urls += follow_up_urls(demo)
    if goal is not None:
        urls.append(
            (
                "smart goal remove",
                reverse("worksheets:smart_goal_remove", args=[cohort.pk, goal.pk]),
            )
        )
    return urls


def follow_up_urls(demo: Demo) -> list[tuple[str, str]]:
    """The participant's pages after the course (followup/), with the demo's data."""
    cohort = demo.cohort
    goal = SmartGoal.objects.filter(enrollment=demo.participant, tracking__isnull=False).first()
    check_in = CheckIn.objects.filter(enrollment=demo.participant).first()
    meeting = Meeting.objects.filter(enrollment=demo.participant).first()
    return [
        ("my goals", reverse("followup:goals", args=[cohort.pk])),
        ("a goal", reverse("followup:goal", args=[cohort.pk, goal.pk])),
        ("check-ins", reverse("followup:check_ins", args=[cohort.pk])),
        ("check in", reverse("followup:check_in_new", args=[cohort.pk]) + "?round=3"),
        ("a check-in", reverse("followup:check_in", args=[cohort.pk, check_in.pk])),
        (
            "questionnaire again",
            reverse("followup:check_in_questionnaire", args=[cohort.pk, check_in.pk]),
        ),
        ("change over time", reverse("followup:changes", args=[cohort.pk])),
        ("meetings", reverse("followup:meetings", args=[cohort.pk])),
        ("a meeting", reverse("followup:meeting", args=[cohort.pk, meeting.pk])),
    ]


def facilitator_urls(demo: Demo) -> list[tuple[str, str]]:
    cohort = demo.cohort
    boards_create_missing(cohort=cohort)
    board = Board.objects.filter(cohort=cohort).order_by("pk").first()
    urls = [
        ("home", reverse("sessions_app:home")),
        ("cohorts", reverse("facilitator:cohorts")),
        ("cohort", reverse("facilitator:cohort", args=[cohort.pk])),
        ("cohort edit", reverse("facilitator:cohort_edit", args=[cohort.pk])),
        ("cohort new", reverse("facilitator:cohort_new")),
        ("progress", reverse("facilitator:progress", args=[cohort.pk])),
        ("summaries", reverse("facilitator:summaries", args=[cohort.pk])),
        (
            "participant remove",
            reverse("facilitator:participant_remove", args=[cohort.pk, demo.participant.pk]),
        ),
        ("cohort boards", reverse("boards:cohort_boards", args=[cohort.pk])),
        ("after the course", reverse("followup:cohort_follow_up", args=[cohort.pk])),
    ]
    if board is not None:
        urls.append(("projector", reverse("boards:projector", args=[cohort.pk, board.pk])))
        urls.append(("moderation", reverse("boards:moderation", args=[cohort.pk, board.pk])))
    return urls


def mentor_urls(demo: Demo) -> list[tuple[str, str]]:
    token = demo.mentor_url.rstrip("/").rsplit("/", 1)[-1]
    link = mentor_link_for_token(token)
    meeting = meeting_create(enrollment=demo.participant, link=link, planned_for=None)
    return [
        ("mentor home", reverse("mentor:home", args=[token])),
        ("mentor questionnaire", reverse("mentor:questionnaire", args=[token])),
        ("mentor agreement", reverse("mentor:agreement", args=[token])),
        ("mentor meetings", reverse("followup:mentor_meetings", args=[token])),
        (
            "mentor questionnaire again",
            reverse("followup:mentor_questionnaire_again", args=[token]),
        ),
        ("mentor meeting", reverse("followup:mentor_meeting", args=[token, meeting.pk])),
        ("mentor link unknown", reverse("mentor:home", args=["no-such-token"])),
    ]


def visitor_urls(demo: Demo) -> list[tuple[str, str]]:
    return [
        ("login", reverse("accounts:login")),
        ("password reset", reverse("accounts:password_reset")),
        ("password reset sent", reverse("accounts:password_reset_done")),
        ("password reset done", reverse("accounts:password_reset_complete")),
        ("join", reverse("accounts:join", args=[demo.cohort.join_code])),
        ("join unknown", reverse("accounts:join", args=["no-such-code"])),
        ("invitation unknown", reverse("accounts:invitation", args=["no-such-token"])),
        ("404 page", "/no-such-page/"),
    ]


# --- Loading a page and auditing it -------------------------------------------------------------


@dataclass
class Audit:
    """axe-core results for a list of pages."""

    axe_script: str | None = os.environ.get("AXE_CORE_JS")
    failures: list[str] = field(default_factory=list)
    minor: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)

    def check(self, browser, label: str) -> None:
        browser.set_script_timeout(120)
        axe = Axe(browser, self.axe_script) if self.axe_script else Axe(browser)
        axe.inject()
        results = axe.run()
        self.titles[label] = browser.title
        self.addresses[label] = browser.current_url
        for violation in results["violations"]:
            impact = violation.get("impact") or "minor"
            nodes = violation["nodes"]
            if impact in FAILING_IMPACTS:
                targets = "; ".join(", ".join(map(str, n["target"])) for n in nodes[:5])
                summary = " ".join((nodes[0].get("failureSummary") or "").split())
                self.failures.append(
                    f"[{label}] {impact} {violation['id']}: {violation['help']} "
                    f"({len(nodes)} element(s): {targets}) {summary[:300]}"
                )
            else:
                where = ", ".join(map(str, nodes[0]["target"])) if nodes else ""
                self.minor.append(
                    (label, impact, violation["id"], len(nodes), f"{violation['help']} ({where})")
                )

    def visit_all(self, browser, base_url: str, urls: list[tuple[str, str]]) -> None:
        for label, url in urls:
            browser.get(base_url + url)
            settle(browser)
            self.check(browser, label)

    def report(self, role: str) -> str:
        lines = [f"axe-core: {len(self.titles)} {role} page(s) audited"]
        if self.minor:
            lines.append(f"{'page':<34} {'impact':<9} {'rule':<28} {'nodes':>5}  help")
            for page, impact, rule, count, help_text in self.minor:
                lines.append(f"{page:<34} {impact:<9} {rule:<28} {count:>5}  {help_text}")
        else:
            lines.append("no moderate or minor issues")
        lines.extend(self.failures)
        text = "\n".join(lines)
        REPORT_FOLDER.mkdir(parents=True, exist_ok=True)
        (REPORT_FOLDER / f"{role}.txt").write_text(text + "\n", encoding="utf-8")
        print(text)
        return text

    def assert_clean(self, role: str) -> None:
        self.report(role)
        assert not self.failures, "serious or critical accessibility violations:\n" + "\n".join(
            self.failures
        )

    def assert_specific_titles(self) -> None:
        generic = [label for label, title in self.titles.items() if title == DEFAULT_TITLE]
        assert not generic, f"pages without a title of their own: {generic}"
        pages = {(self.addresses[label], title) for label, title in self.titles.items()}
        repeated = [
            title
            for title, count in Counter(title for _, title in pages).items()
            if count > 1 and not title.startswith(("Page not found", "Access denied"))
        ]
        assert not repeated, f"several pages share a title: {repeated}"


# --- The audits, one per role ------------------------------------------------------------------


def test_every_participant_page_passes_axe(transactional_db, live_server, browser, curriculum):
    demo = demo_data()
    log_in(browser, live_server, demo.participant.user)
    audit = Audit()
    audit.visit_all(browser, live_server.url, participant_urls(demo))

    # A module page after a save that failed: the error messages must pass too.
    four_way = Section.objects.get(worksheet_type="four_way_view").module
    browser.get(
        live_server.url + reverse("worksheets:module", args=[demo.cohort.pk, four_way.slug])
    )
    settle(browser)
    browser.execute_script(
        "const box = document.querySelector('input[data-sum]');"
        "box.value = '150';"  # off the 0 to 100 scale: refused with a message
        "document.getElementById('module-form').submit();"
    )
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "main .alert-danger")
    )
    settle(browser)
    audit.check(browser, "module with errors")

    # A session the facilitator has not opened: the locked module, its board, the workbook page.
    closed_board = Board.objects.filter(cohort=demo.cohort).order_by("-pk").first()
    closed = (
        closed_board.section.module if closed_board else Module.objects.in_course_order().last()
    )
    CohortSession.objects.filter(cohort=demo.cohort, session=closed.session).update(is_open=False)
    locked = [
        ("cohort home, one session locked", reverse("sessions_app:cohort", args=[demo.cohort.pk])),
        ("module locked", reverse("worksheets:module", args=[demo.cohort.pk, closed.slug])),
    ]
    if closed_board is not None:
        locked.append(
            ("board closed", reverse("boards:board", args=[demo.cohort.pk, closed_board.pk]))
        )
    audit.visit_all(browser, live_server.url, locked)

    audit.assert_clean("participant")
    audit.assert_specific_titles()


def test_every_facilitator_page_passes_axe(transactional_db, live_server, browser, curriculum):
    demo = demo_data()
    # A scheduled session and a pending invitation, so the overview shows them too.
    CohortSession.objects.filter(cohort=demo.cohort).update(
        starts_at=timezone.now() + timedelta(days=3), location="Room 101"
    )
    invitations_send(
        cohort=demo.cohort,
        text="new.postdoc@example.edu",
        invited_by=demo.facilitator.user,
        site_url=live_server.url,
    )
    log_in(browser, live_server, demo.facilitator.user)
    audit = Audit()
    audit.visit_all(browser, live_server.url, facilitator_urls(demo))
    audit.assert_clean("facilitator")
    audit.assert_specific_titles()


def test_every_mentor_link_page_passes_axe(transactional_db, live_server, browser, curriculum):
    demo = demo_data()
    audit = Audit()
    audit.visit_all(browser, live_server.url, mentor_urls(demo))
    audit.assert_clean("mentor")
    audit.assert_specific_titles()


@pytest.fixture
def dark_browser(browser):
    """The shared browser with the system set to a dark theme; put back afterwards."""
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_pages_follow_a_dark_system_theme_and_pass_axe_in_it(
    transactional_db, live_server, dark_browser, curriculum
):
    demo = demo_data()
    audit = Audit()
    audit.visit_all(dark_browser, live_server.url, mentor_urls(demo))
    log_in(dark_browser, live_server, demo.participant.user)
    audit.visit_all(dark_browser, live_server.url, participant_urls(demo))
    theme = dark_browser.execute_script("return document.documentElement.dataset.bsTheme")
    assert theme == "dark"
    for width in (375, 1366):  # for a person to look at
        emulate(dark_browser, width, mobile=width < 500)
        for label, url in participant_urls(demo)[:2]:
            dark_browser.get(live_server.url + url)
            settle(dark_browser)
            capture(dark_browser, f"dark-{label}-{width}")
    dark_browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    log_in(dark_browser, live_server, demo.facilitator.user)
    audit.visit_all(dark_browser, live_server.url, facilitator_urls(demo))
    audit.assert_clean("dark-theme")


def test_every_public_page_passes_axe(transactional_db, live_server, browser, curriculum):
    demo = demo_data()
    audit = Audit()
    audit.visit_all(browser, live_server.url, visitor_urls(demo))

    # A login that failed shows its error.
    browser.get(live_server.url + reverse("accounts:login"))
    browser.find_element(By.NAME, "username").send_keys(PARTICIPANT["email"])
    browser.find_element(By.NAME, "password").send_keys("not the password" + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".alert-danger"))
    audit.check(browser, "login with error")

    # The 500 page is rendered without a request context; audit its HTML on a page of ours.
    html = server_error(RequestFactory().get("/")).content.decode()
    browser.get(live_server.url + reverse("accounts:login"))
    browser.execute_script("document.open(); document.write(arguments[0]); document.close();", html)
    settle(browser)
    audit.check(browser, "500 page")

    audit.assert_clean("visitor")


# --- Keyboard and focus -------------------------------------------------------------------------


def focus_style(browser) -> dict:
    return browser.execute_script(
        "const el = document.activeElement; const s = getComputedStyle(el);"
        "return {tag: el.tagName, id: el.id, name: el.name || '',"
        " text: (el.innerText || '').slice(0, 40),"
        " style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0};"
    )


def test_keyboard_focus_is_always_clearly_visible(
    transactional_db, live_server, browser, curriculum
):
    """Tab through the start of a module page: every stop shows a strong outline."""
    demo = demo_data()
    log_in(browser, live_server, demo.participant.user)
    roles = Section.objects.get(worksheet_type="roles").module
    browser.get(live_server.url + reverse("worksheets:module", args=[demo.cohort.pk, roles.slug]))
    settle(browser)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    wanted = {"A", "TEXTAREA", "INPUT", "BUTTON"}
    kinds = set()
    for _ in range(250):
        style = focus_style(browser)
        assert style["style"] not in ("none", "hidden"), f"no focus outline on {style}"
        assert style["width"] >= 2, f"focus is hard to see on {style}"
        # Whatever has focus is not hidden under the sticky save bar.
        place = browser.execute_script(
            "const box = document.activeElement.getBoundingClientRect();"
            "const bar = document.querySelector('.save-bar').getBoundingClientRect();"
            "return {inBar: !!document.activeElement.closest('.save-bar'),"
            " overlap: Math.min(box.bottom, bar.bottom) - Math.max(box.top, bar.top)};"
        )
        assert place["inBar"] or place["overlap"] <= 1, (style, place)
        kinds.add(style["tag"])
        if wanted <= kinds:
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert wanted <= kinds, kinds


def test_a_worksheet_can_be_filled_with_the_keyboard_alone(
    transactional_db, live_server, browser, enrollment
):
    """Radios by arrow keys, checkboxes by space, text by typing, then Save by Enter."""
    log_in(browser, live_server, enrollment.user)
    questionnaire = Section.objects.get(worksheet_type="questionnaire")
    url = reverse("worksheets:module", args=[enrollment.cohort_id, questionnaire.module.slug])
    browser.get(live_server.url + url)
    settle(browser)
    first_item = questionnaire.spec["stages"][0]["items"][0]["slug"]
    radios = browser.find_elements(By.CSS_SELECTOR, f"input[type=radio][name$='{first_item}']")
    # Put focus on the group as Tab would (Tab stops once per radio group), then use the keys.
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", radios[0]
    )
    browser.execute_script("arguments[0].focus();", radios[0])
    active = browser.switch_to.active_element
    active.send_keys(Keys.SPACE)
    active.send_keys(Keys.ARROW_RIGHT)
    active = browser.switch_to.active_element
    assert active.get_attribute("value") == "2"
    assert active.is_selected()
    # Tab from the group goes to the next item, not to the next radio of the same group.
    active.send_keys(Keys.TAB)
    next_item = browser.switch_to.active_element
    assert next_item.get_attribute("name") != active.get_attribute("name")
    save = browser.find_element(By.CSS_SELECTOR, ".save-bar button[type=submit]")
    browser.execute_script("arguments[0].focus();", save)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "saved=1" in d.current_url)
    checked = browser.find_element(
        By.CSS_SELECTOR, f"input[type=radio][name$='{first_item}']:checked"
    )
    assert checked.get_attribute("value") == "2"


# --- Errors, live regions and error pages (no browser needed) ----------------------------------


def control_tags(html: str) -> dict[str, str]:
    """Every input, select and textarea start tag, by id."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    return {m.group(1): tag for tag in tags if (m := re.search(r'\bid="([^"]+)"', tag))}


def described_by(tag: str) -> list[str]:
    found = re.search(r'aria-describedby="([^"]*)"', tag)
    return found.group(1).split() if found else []


@pytest.mark.django_db
def test_every_error_message_on_a_module_page_is_tied_to_its_field(participant_client, enrollment):
    four_way = Section.objects.get(worksheet_type="four_way_view")
    url = reverse("worksheets:module", args=[enrollment.cohort_id, four_way.module.slug])
    data = page_data(participant_client.get(url))
    for name in data:
        if re.search(r"fourway-(importance_work|satisfaction_home)$", name):
            data[name] = "150"  # off the scale: refused, with a message next to the field
    response = participant_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Not saved: " in html
    error_ids = re.findall(r'id="(error-[^"]+)"', html)
    assert error_ids, "no error message was shown"
    controls = control_tags(html)
    for error_id in error_ids:
        tag = controls[error_id.removeprefix("error-")]
        assert error_id in described_by(tag), tag
        assert 'aria-invalid="true"' in tag, tag
    # Every hand-written control also points at the box where autosave puts its messages.
    for field_id, tag in controls.items():
        if "fourway" in field_id and 'type="hidden"' not in tag:
            assert f"feedback-{field_id}" in described_by(tag), tag


@pytest.mark.django_db
def test_a_form_error_is_tied_to_its_field(participant_client, enrollment):
    url = reverse("mentor:links", args=[enrollment.cohort_id])
    html = participant_client.post(
        url, {"mentor_name": "Prof. Park", "mentor_email": "not an address"}
    ).content.decode()
    tag = control_tags(html)["id_mentor_email"]
    assert 'aria-invalid="true"' in tag
    error_ids = [i for i in described_by(tag) if "error" in i]
    assert error_ids, tag
    for error_id in error_ids:
        assert f'id="{error_id}"' in html


@pytest.mark.django_db
def test_the_autosave_state_is_announced_politely(participant_client, enrollment):
    module = Section.objects.get(worksheet_type="four_way_view").module
    html = participant_client.get(
        reverse("worksheets:module", args=[enrollment.cohort_id, module.slug])
    ).content.decode()
    # A live region that stays in the page; autosave replaces only the message inside it.
    region = re.search(
        r'<div role="status" aria-live="polite"[^>]*>\s*<span id="autosave-status"', html
    )
    assert region, "the autosave message is not inside a polite live region"
    data = page_data(
        participant_client.get(
            reverse("worksheets:module", args=[enrollment.cohort_id, module.slug])
        )
    )
    saved = participant_client.post(
        reverse("worksheets:autosave", args=[enrollment.cohort_id, module.slug]),
        data,
        headers={"HX-Request": "true"},
    ).content.decode()
    status = re.search(r'<span id="autosave-status"[^>]*>', saved).group(0)
    assert 'hx-swap-oob="true"' in status
    # No live region inside the live region.
    assert "role=" not in status
    assert "aria-live" not in status


@pytest.mark.django_db
def test_error_pages_are_the_apps_own(participant_client):
    not_found = participant_client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert b"<title>Page not found" in not_found.content
    assert b'href="#main"' in not_found.content
    denied = participant_client.get(reverse("facilitator:cohorts"))
    assert denied.status_code == 403
    assert b"<title>Access denied" in denied.content


def test_the_500_page_needs_no_request_context():
    html = render_to_string("500.html")  # what django.views.defaults.server_error does
    assert "<title>Something went wrong" in html
    assert "Log out" not in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


# --- Dates in the reader's locale ----------------------------------------------------------------


def test_dates_and_times_are_shown_in_the_readers_locale(
    transactional_db, live_server, browser, curriculum
):
    """Each <time> carries the machine-readable moment; page.js writes it the reader's way."""
    demo = demo_data()
    log_in(browser, live_server, demo.participant.user)
    browser.get(live_server.url + reverse("mentor:links", args=[demo.cohort.pk]))
    settle(browser)
    shown = browser.execute_script(
        "const styles = {date: {dateStyle: 'medium'}, datetime: {dateStyle: 'medium',"
        " timeStyle: 'short'}};"
        "return [...document.querySelectorAll('main time[datetime]')].map((el) => ["
        " el.getAttribute('datetime'), el.dataset.format, el.textContent,"
        " new Intl.DateTimeFormat(undefined, styles[el.dataset.format])"
        "   .format(new Date(el.getAttribute('datetime')))]);"
    )
    assert {fmt for _, fmt, _, _ in shown} == {"date", "datetime"}, shown
    for moment, _, text, expected in shown:
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", moment)
        assert text == expected
