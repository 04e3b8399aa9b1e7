"""Headless Chromium fixtures for browser tests (a pytest plugin module).

Fixtures:

- ``chromium_driver`` (session): one Selenium Chrome driver shared by the run.
- ``browser`` (function): that driver with all cookies deleted; saves a
  screenshot to ``test-artifacts/screenshots/<test name>.png`` when the test fails.
- ``new_browser`` (function): a factory that starts additional, independent
  drivers (for tests with two people at once); all are quit at teardown.

When Debian's chromium or chromium-driver is missing, the fixtures skip the
test, or fail it when the environment variable CI is ``true``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

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
