"""What the tests use to act as a browser: the headless Chromium fixtures (a pytest plugin
module, registered by conftest.py), the helpers that drive its pages, and the helpers that
submit a module page through Django's test client the way a browser would.

Fixtures:

- ``chromium_driver`` (session): one Selenium Chrome driver shared by the run.
- ``browser`` (function): that driver with all cookies deleted; saves a
  screenshot to ``test-artifacts/screenshots/<test name>.png`` when the test fails.
- ``new_browser`` (function): a factory that starts additional, independent
  drivers (for tests with two people at once); all are quit at teardown.
- ``signed_in`` (function): the shared browser, logged in as the ``enrollment`` participant.
- ``screen_browser`` (function): the shared browser; its emulated screen is put back afterwards.

When Debian's chromium or chromium-driver is missing, the fixtures skip the
test, or fail it when the environment variable CI is ``true``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from selenium import webdriver
from selenium.common.exceptions import (
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from sessions_app.models import Prompt

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL_HINT = "run scripts/install (or: sudo apt-get install -y chromium chromium-driver)"
WINDOW_SIZE = (1280, 900)
PAGE_LOAD_TIMEOUT = 30

_reports_key = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item so fixtures can see the outcome."""
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


def _require_chromium() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if not missing:
        return
    message = f"{' and '.join(missing)} not found: {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _start_driver() -> webdriver.Chrome:
    """Start one headless Chromium with a fresh profile folder."""
    _require_chromium()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW_SIZE[0]},{WINDOW_SIZE[1]}",
    ):
        options.add_argument(argument)
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    driver.implicitly_wait(0)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver._test_profile_dir = profile  # removed by _quit_driver
    return driver


def _quit_driver(driver: webdriver.Chrome) -> None:
    try:
        driver.quit()
    except WebDriverException as exc:
        print(f"could not quit Chromium cleanly: {exc}")
    finally:
        shutil.rmtree(getattr(driver, "_test_profile_dir", ""), ignore_errors=True)


def _test_failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_reports_key, {})
    return any(report.failed for report in reports.values())


def _save_screenshot(driver: webdriver.Chrome, request: pytest.FixtureRequest, name: str) -> None:
    folder = Path(request.config.rootpath, "test-artifacts", "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "test"
    path = folder / f"{safe}.png"
    try:
        driver.save_screenshot(str(path))
    except WebDriverException as exc:
        print(f"could not save screenshot {path}: {exc}")
    else:
        print(f"screenshot saved: {path}")


@pytest.fixture(scope="session")
def chromium_driver() -> Iterator[webdriver.Chrome]:
    """One headless Chromium driver for the whole test session."""
    driver = _start_driver()
    yield driver
    _quit_driver(driver)


@pytest.fixture
def browser(
    chromium_driver: webdriver.Chrome, request: pytest.FixtureRequest
) -> Iterator[webdriver.Chrome]:
    """The shared driver, with no cookies from earlier tests."""
    chromium_driver.delete_all_cookies()
    # delete_all_cookies only reaches the current page's domain: clear the rest too.
    chromium_driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    yield chromium_driver
    if _test_failed(request):
        _save_screenshot(chromium_driver, request, request.node.name)


@pytest.fixture
def new_browser(request: pytest.FixtureRequest) -> Iterator[Callable[[], webdriver.Chrome]]:
    """A factory: each call starts another independent headless Chromium."""
    _require_chromium()
    drivers: list[webdriver.Chrome] = []

    def start() -> webdriver.Chrome:
        driver = _start_driver()
        drivers.append(driver)
        return driver

    yield start
    failed = _test_failed(request)
    for number, driver in enumerate(drivers, start=2):
        if failed:
            _save_screenshot(driver, request, f"{request.node.name}-{number}")
        _quit_driver(driver)


# --- The module page through Django's test client -----------------------------------------------


def module_url(enrollment, module):
    return reverse("worksheets:module", args=[enrollment.cohort_id, module.slug])


def autosave_url(enrollment, module):
    return reverse("worksheets:autosave", args=[enrollment.cohort_id, module.slug])


def page_data(response) -> dict:
    """Every field of a rendered module page with the value it shows, as a browser posts it."""
    data = {}
    for form in response.context["workbook"].forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if bound.field.disabled:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is None:
                data[bound.html_name] = ""
            else:
                data[bound.html_name] = str(value)
    return data


def form_of(response, form_class, section_slug=None):
    for part in response.context["workbook"].parts:
        if section_slug and part.section.slug != section_slug:
            continue
        for form in part.forms:
            if isinstance(form, form_class):
                return form
    raise LookupError(form_class)


def name_of(form, field):
    return form[field].html_name


# --- Signing in --------------------------------------------------------------------------------


def session_cookie(client, user):
    """A logged-in session for `user`, made with Django's test client."""
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def use_session(driver, live_server, cookie):
    """Give the driver the session cookie (a cookie needs a page of the site to be set on)."""
    driver.get(live_server.url + reverse("accounts:login"))
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "path": "/"})


def log_in(driver, live_server, user):
    """Give the driver a session made by Django's test client (one client per person)."""
    use_session(driver, live_server, session_cookie(Client(), user))


@pytest.fixture
def signed_in(transactional_db, live_server, browser, client, enrollment):
    """The shared browser, logged in as the enrolled participant; returns the session cookie."""
    cookie = session_cookie(client, enrollment.user)
    use_session(browser, live_server, cookie)
    return cookie


# --- Waiting, moving and typing ----------------------------------------------------------------

WAIT_SECONDS = 10


def wait(driver, seconds=WAIT_SECONDS):
    return WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException])


def settle(browser, seconds: float = 8) -> None:
    """Wait until the page has loaded and htmx has fetched what it loads on arrival."""
    with contextlib.suppress(TimeoutException):  # then audit what is there
        WebDriverWait(browser, seconds).until(
            lambda d: d.execute_script(
                "return document.readyState === 'complete'"
                " && !document.querySelector('[hx-trigger=\"load\"], .htmx-request');"
            )
        )


def scroll_to(driver, element):
    """Bring the element to the middle of the window at once (Bootstrap scrolls smoothly)."""
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    return element


def click(driver, element):
    scroll_to(driver, element).click()


def field(driver, name):
    return scroll_to(driver, wait(driver).until(EC.element_to_be_clickable((By.NAME, name))))


def retype(driver, name, text):
    box = field(driver, name)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text)
    return box


def type_date(driver, name, date):
    """Type a date the way a person does in Chromium's date box (month, day, year in en-US)."""
    box = field(driver, name)
    box.send_keys(date.strftime("%m%d%Y"))
    return box


def focus_is_visible(driver):
    """Whether the focused element draws a focus ring (an outline or a box shadow)."""
    style = driver.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};"
    )
    has_outline = style["outline"] != "none" and style["width"] not in ("0px", "")
    return has_outline or style["shadow"] not in ("none", "")


def mark_page(driver):
    """A flag that only survives while the page is not reloaded."""
    driver.execute_script("window.__notReloaded = true;")


def still_same_page(driver):
    return driver.execute_script("return window.__notReloaded === true;")


# --- The module page and its autosave in the browser -------------------------------------------

SAVED = re.compile(r"^Saved \d\d:\d\d$")
AUTOSAVE_PATTERN = "*/autosave/*"


def open_module(driver, live_server, enrollment, module):
    url = live_server.url + module_url(enrollment, module)
    driver.get(url)
    wait(driver).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), module.title))
    wait(driver).until(lambda d: d.execute_script("return !!window.htmx"))
    return url


def status_text(driver):
    return driver.find_element(By.ID, "autosave-status").text


def status_matches(pattern):
    """A wait condition: the autosave status matches the regular expression (returns its text)."""

    def condition(driver):
        text = status_text(driver)
        return text if re.search(pattern, text) else False

    return condition


def wait_until_saved(driver):
    return wait(driver).until(status_matches(SAVED.pattern))


def first_prompt(module):
    """The first free-text question of the module (not a grid cell)."""
    return (
        Prompt.objects.active()
        .filter(section__module=module, section__is_active=True)
        .exclude(row_label__gt="", column_label__gt="")
        .order_by("section__position", "position")
        .first()
    )


def answer_name(prompt):
    return f"s{prompt.section_id}-answers-p{prompt.pk}"


def answer_box(driver, prompt):
    box = wait(driver).until(EC.element_to_be_clickable((By.NAME, answer_name(prompt))))
    return scroll_to(driver, box)


def feedback_text(driver, html_name):
    return driver.find_element(By.ID, f"feedback-id_{html_name}").text


def fill_and_sign_agreement(driver, prefix):
    field(driver, f"{prefix}-mentor_name").send_keys("Prof. Ada Byron")
    field(driver, f"{prefix}-mentee_name").send_keys("Dr. Sam Chen")
    field(driver, f"{prefix}-part_goals").send_keys("Learn to write grants.")
    field(driver, f"{prefix}-mentor_signature").send_keys("Ada Byron")
    type_date(driver, f"{prefix}-mentor_signed_on", datetime.date(2026, 10, 2))
    field(driver, f"{prefix}-mentee_signature").send_keys("Sam Chen")
    type_date(driver, f"{prefix}-mentee_signed_on", datetime.date(2026, 10, 3))


def block_autosave(driver):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [AUTOSAVE_PATTERN]})


def unblock_autosave(driver):
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    driver.execute_cdp_cmd("Network.disable", {})


def leaving_is_held_back(driver):
    """Whether the page's beforeunload handler asks before leaving.

    Headless Chromium driven by ChromeDriver never shows a beforeunload dialog: since
    ChromeDriver 127 a classic WebDriver session accepts beforeunload prompts by itself, as
    the W3C WebDriver spec says (https://w3c.github.io/webdriver/#user-prompts), so navigating
    away cannot be caught with `alert_is_present`. Instead this sends the page the same kind
    of event the browser sends before unloading and reports whether a handler cancelled it
    (preventDefault, or a non-empty returnValue), which is what makes a browser ask.
    """
    return driver.execute_script(
        """
        const event = document.createEvent("BeforeUnloadEvent");
        event.initEvent("beforeunload", false, true);
        window.dispatchEvent(event);
        return event.defaultPrevented || (event.returnValue !== "" && event.returnValue !== true);
        """
    )


def browser_storage(driver):
    """Everything the page keeps in localStorage and sessionStorage, as {key: value} each."""
    return driver.execute_script(
        """
        const dump = (store) => Object.fromEntries(
          Array.from({length: store.length}, (_, i) => store.key(i))
            .map((key) => [key, store.getItem(key)]));
        return {local: dump(window.localStorage), session: dump(window.sessionStorage)};
        """
    )


def record_autosave_responses(driver):
    """From now on, keep the HTTP status of every finished autosave request in the page."""
    driver.execute_script(
        """
        window.autosaveStatuses = [];
        document.getElementById("module-form").addEventListener("htmx:afterRequest", (e) => {
          window.autosaveStatuses.push(e.detail.xhr ? e.detail.xhr.status : -1);
        });
        """
    )


def autosave_responses(driver):
    return driver.execute_script("return window.autosaveStatuses || [];")


# --- Pictures and screens ----------------------------------------------------------------------

SCREENSHOTS = Path("test-artifacts", "screenshots")


def screenshot(driver, request, name, element=None):
    """Save a PNG of the window, or of the whole element even if it is taller than the window.

    For an element, the sticky save bar is put back in its place in the page while the picture
    is taken: otherwise it would be drawn across the middle of a tall element.
    """
    path = Path(request.config.rootpath, SCREENSHOTS, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if element is None:
        assert driver.save_screenshot(str(path))
        return path
    box = driver.execute_script(
        "document.querySelector('.save-bar').style.position = 'static';"
        "const r = arguments[0].getBoundingClientRect();"
        "return {x: r.left + window.scrollX, y: r.top + window.scrollY,"
        " width: r.width, height: r.height};",
        element,
    )
    try:
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": {**box, "scale": 1}},
        )
    finally:
        driver.execute_script("document.querySelector('.save-bar').style.position = '';")
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


SCREENS = {"phone": 375, "tablet": 768, "desktop": 1280}
FOLDER = Path("test-artifacts", "screenshots", "screens")
MAX_SHOT_HEIGHT = 24000  # px: enough for the longest module page at phone width

# Elements wider than the viewport, other than those inside a box that scrolls on its own.
OVERFLOW_SCRIPT = """
const width = document.documentElement.clientWidth;
const inScroller = (el) => {
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return true;
  }
  return false;
};
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if (box.width && (box.right > width + 1 || box.left < -1) && !inScroller(el)) {
    const style = getComputedStyle(el);
    if (style.position === 'absolute' && box.width <= 2) continue;  // visually hidden text
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
    wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      classes.map((name) => '.' + name).join('') +
      ' (' + Math.round(box.left) + '..' + Math.round(box.right) + ')');
  }
}
return {scrollWidth: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 8)};
"""


def emulate(browser, width: int, height: int = 900, *, mobile: bool = False) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


@pytest.fixture
def screen_browser(browser):
    """The shared browser; its emulated screen is put back afterwards."""
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def viewport_shot(browser, name: str) -> Path:
    """What is on the screen now, as a PNG file beside the whole-page captures."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', name)}.png"
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def capture(browser, name: str) -> Path:
    """The whole page (up to MAX_SHOT_HEIGHT), as a PNG file."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', name)}.png"
    size = browser.execute_script(
        "return [document.documentElement.clientWidth,"
        " Math.max(document.documentElement.scrollHeight, window.innerHeight)];"
    )
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0,
                "y": 0,
                "width": size[0],
                "height": min(size[1], MAX_SHOT_HEIGHT),
                "scale": 1,
            },
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def check_pages(browser, base_url, role, urls, widths=SCREENS, audit=None) -> list[str]:
    """Load every page at every width; the pages that need horizontal scrolling.

    With an Audit, axe-core also checks each page at phone width."""
    problems = []
    for screen, width in widths.items():
        emulate(browser, width, mobile=width < 800)
        for label, url in urls:
            browser.get(base_url + url)
            settle(browser)
            measured = browser.execute_script(OVERFLOW_SCRIPT)
            if measured["scrollWidth"] > measured["width"] or measured["wide"]:
                problems.append(
                    f"{role} {label} at {width}px: page {measured['scrollWidth']}px wide; "
                    f"too wide: {measured['wide']}"
                )
            capture(browser, f"{role}-{label}-{screen}")
            if audit is not None and screen == "phone":
                audit.check(browser, f"{label} (phone)")
    return problems
