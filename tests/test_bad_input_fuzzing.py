"""Hypothesis walks every URL pattern and every form as each role (anonymous, participant,
facilitator, a mentor's link) with hostile input: never a 500, and a refused request stores
nothing; whatever was stored obeys the models' own rules. Runs on SQLite and PostgreSQL.

The URL patterns come from the resolver, the forms from the pages themselves (every
`<form method="post">` and `hx-post` a role's pages show), so a new page or form is fuzzed without
being listed here. Each role's test is bounded (max_examples, no deadline)."""

import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.cache import caches
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions_app.boards.services import board_for, post_create
from sessions_app.models import Enrollment, Invitation, Module, Section, Session
from sessions_app.services import invitations_send
from worksheets.mentor.services import mentor_link_create
from worksheets.models import SmartGoal

from .factories import CohortFactory, EnrollmentFactory, open_sessions

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- Every URL pattern, walked from the resolver --------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # "cohorts/<int:cohort_id>/modules/<slug:slug>/"

    @property
    def parameters(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.route)


def routes() -> list[Route]:
    found = []

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and "(?P" not in prefix + str(entry.pattern):
                found.append(Route(namespace + (entry.name or ""), prefix + str(entry.pattern)))

    walk(get_resolver(), "/", "")
    return found


# The admin's hundreds of model pages answer a non-staff visitor alike: one of them stands for
# all; the PDFs are rendered by their own tests (a render takes seconds), here only refused.
ROUTES = [
    r
    for r in routes()
    if not r.name.startswith("admin:") or r.name in {"admin:index", "admin:login", "admin:logout"}
]
EXPENSIVE = {"worksheets:workbook_pdf", "worksheets:blank_workbook_pdf"}


def test_the_fuzzing_reaches_every_url_pattern_of_the_site():
    names = {r.name for r in ROUTES}
    assert {"worksheets:autosave", "mentor:agreement", "facilitator:invite", "accounts:join"} <= (
        names
    )
    assert len(ROUTES) > 45


# --- Hostile values ----------------------------------------------------------------------------

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\x85\x9f")
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=CONTROL, min_size=1, max_size=4),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=8), CONTROL, st.text(max_size=8)),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\r\nBcc: x@example.org",
            "a" * 250 + "@example.org",
            "x" * 70_000,
            "<script>alert(1)</script>",
            '=HYPERLINK("http://evil.example")',
            "../../etc/passwd",
            "%00",
            "' OR 1=1 --",
            "\ud7ff\ufffd\U0010ffff",
            "9" * 30,
            "-1",
            "1e400",
            "NaN",
            "2026-02-30",
            "on",
        ]
    ),
)
odd_bodies = st.sampled_from(
    [
        (b"a=\xe9\xff", "application/x-www-form-urlencoded"),
        (b"a=b", "application/x-www-form-urlencoded; charset=latin-1"),
        (b"a=b", "application/x-www-form-urlencoded; charset=no-such-charset"),
        (
            b'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xff\r\n--B--\r\n',
            "multipart/form-data; boundary=B; charset=utf-16",
        ),
        (b"garbage", "multipart/form-data"),
        (b"\x00\x01", "application/json"),
    ]
)


# --- The world each role fuzzes in -------------------------------------------------------------


@dataclass
class World:
    cohort: object
    participant: Enrollment
    facilitator: Enrollment
    mentor_token: str
    values: dict

    def real(self, name: str) -> str | None:
        if name == "code":
            self.cohort.refresh_from_db()
            return self.cohort.join_code
        value = self.values.get(name)
        return None if value is None else str(value)


@pytest.fixture
def world(curriculum):
    cohort = CohortFactory(name="Fuzz cohort")
    open_sessions(cohort, Session.objects.all())
    participant = EnrollmentFactory(cohort=cohort)
    EnrollmentFactory(cohort=cohort)  # a classmate
    facilitator = EnrollmentFactory(cohort=cohort, role=Enrollment.Role.FACILITATOR)
    link, url = mentor_link_create(
        enrollment=participant, mentor_name="Prof. Park", agreement_mentor=True
    )
    token = url.rstrip("/").rsplit("/", 1)[-1]
    board_section = Section.objects.filter(spec__has_key="board").first()
    board = board_for(cohort=cohort, section=board_section)
    post = post_create(board=board, enrollment=participant, text="Hello", is_anonymous=False)
    goal_section = Section.objects.filter(worksheet_type="smart_goals").first()
    goal = SmartGoal.objects.create(enrollment=participant, section=goal_section)
    invitations_send(
        cohort=cohort, text="new@example.org", invited_by=facilitator.user, site_url=""
    )
    module = Module.objects.in_course_order().first()
    return World(
        cohort=cohort,
        participant=participant,
        facilitator=facilitator,
        mentor_token=token,
        values={
            "cohort_id": cohort.pk,
            "slug": module.slug,
            "goal_id": goal.pk,
            "link_id": link.pk,
            "token": token,
            "board_id": board.pk,
            "post_id": post.pk,
            "section_id": board_section.pk,
            "session_id": Session.objects.first().pk,
            "invitation_id": Invitation.objects.get().pk,
            "enrollment_id": participant.pk,
        },
    )


def clear_throttles():
    """The guess limits count across tests: the sweep's misses would lock the next pages."""
    for cache in caches.all():
        cache.clear()


def sign_in(client, world, role):
    client.logout()
    if role == "participant":
        client.force_login(world.participant.user)
    elif role == "facilitator":
        client.force_login(world.facilitator.user)


# --- Forms, read from the pages ---------------------------------------------------------------


EMAIL = "<a fresh address>"  # each request gets its own, so sign-ups do not collide
STRONG_PASSWORD = "x8Hk2mPq!zz-long"


@dataclass
class Field:
    value: str  # what a person would plausibly send
    kind: str  # the input's type: text, email, hidden, checkbox, textarea, select, …

    @property
    def typed(self) -> bool:
        return self.kind in {"text", "email", "textarea", "search", "url", "tel", "password"}


def plausible(tag, attrs) -> Field:
    kind = (attrs.get("type") or tag).lower()
    if attrs.get("value") is not None and kind not in {"text", "email", "password"}:
        return Field(attrs["value"], kind)  # hidden versions and fingerprints, choices
    if attrs.get("value"):
        return Field(attrs["value"], kind)
    if kind == "email" or "email" in attrs["name"]:
        return Field(EMAIL, "email")
    return Field(
        {
            "password": STRONG_PASSWORD,
            "date": "2026-01-31",
            "datetime-local": "2026-01-31T10:00",
            "number": attrs.get("min") or "5",
            "range": attrs.get("min") or "5",
            "checkbox": "on",
        }.get(kind, "Ana Li"),
        kind,
    )


class FormFields(HTMLParser):
    """Each post target of a page (form action or hx-post) with its fields."""

    def __init__(self, page_path):
        super().__init__()
        self.page_path = page_path
        self.targets: dict[str, dict[str, Field]] = {}
        self._current = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        target = attrs.get("hx-post") or (
            attrs.get("action", self.page_path)
            if tag == "form" and (attrs.get("method") or "").lower() == "post"
            else None
        )
        if target is not None:
            self._current = self.targets.setdefault(urlsplit(target).path or self.page_path, {})
        fields = self._current if self._current is not None else {}
        if tag in {"input", "textarea", "select"} and attrs.get("name"):
            fields.setdefault(attrs["name"], plausible(tag, attrs))
            self._select = fields[attrs["name"]] if tag == "select" else None
        elif tag == "option" and self._select is not None and not self._select.value:
            self._select.value = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        if tag == "select":
            self._select = None


def fresh(data: dict) -> dict:
    return {
        name: f"fuzz{next(ADDRESSES)}@example.org" if value == EMAIL else value
        for name, value in data.items()
    }


ADDRESSES = itertools.count()


def post_targets(client, world, role) -> dict[str, dict[str, str]]:
    """Every form the role's pages show: GET each route with real values, read its forms."""
    clear_throttles()
    targets = {}
    for route in ROUTES:
        if route.name in EXPENSIVE:
            continue
        path = url_for(route, {n: world.real(n) for _, n in route.parameters})
        if path is None:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormFields(path)
        parser.feed(response.content.decode())
        for target, fields in parser.targets.items():
            fields.pop("csrfmiddlewaretoken", None)
            targets.setdefault(target, {}).update(fields)
    return targets


def url_for(route: Route, values: dict) -> str | None:
    path = route.route
    for converter, name in route.parameters:
        value = values.get(name)
        if value is None:
            return None
        pattern = f"<{converter}:{name}>" if converter else f"<{name}>"
        path = path.replace(pattern, quote(str(value), safe=""))
    return path


# --- What must hold after any request ----------------------------------------------------------

# Rows that record the request itself, not what was sent: sessions, the lockout's and the
# mentor link's access records, admin history.
NOT_CONTENT = {"sessions.session", "admin.logentry", "worksheets.mentorlinkevent"}
CONTENT_APPS = {"accounts", "sessions_app", "worksheets"}
REFUSED = {400, 403, 404, 405, 409, 410, 413, 429}


def content_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in CONTENT_APPS and m._meta.label_lower not in NOT_CONTENT
    ]


def row_counts():
    return {m._meta.label_lower: m.objects.count() for m in content_models()}


def assert_everything_stored_obeys_the_models():
    for model in content_models():
        if model._meta.app_label == "sessions_app" and model.__name__ in {
            "Session",
            "Module",
            "Section",
            "Prompt",
        }:
            continue  # the course, written by the loader
        for row in model.objects.all():
            row.clean_fields(exclude=["password"])


def check(response, before):
    assert response.status_code < 500, response.content[:500]
    if response.status_code in REFUSED:
        assert row_counts() == before, f"a refused request ({response.status_code}) stored rows"


# --- Every URL pattern, each path part and the query hostile in turn ---------------------------

PATH_VALUES = ["\x00", "9" * 25, "x" * 300, "caf\u00e9\u2028.."]
QUERIES = [{"since": "\x00", "names": "1"}, {"sort": "\u00e9" * 50, "next": "//x"}]
# The routes past each role's login check: a participant's pages, the dashboard, a mentor's.
SWEPT = {
    "anonymous": lambda route: True,
    "participant": lambda route: not route.route.startswith("/facilitate/"),
    "facilitator": lambda route: route.route.startswith(("/facilitate/", "/cohorts/")),
    "mentor": lambda route: "<str:token>" in route.route,
}


def sweep_urls(client, world, role):
    """GET and POST every route: each path part in turn takes each hostile value (the others
    real), then each hostile query on the real address. A refused POST stores nothing."""
    for route in filter(SWEPT[role], ROUTES):
        real = {name: world.real(name) or "1" for _, name in route.parameters}
        trials = [
            ({**real, name: value}, {}) for _, name in route.parameters for value in PATH_VALUES
        ]
        if route.name not in EXPENSIVE:
            trials += [(real, query) for query in QUERIES]
        clear_throttles()
        sign_in(client, world, role)
        paths = [url_for(route, v) + ("?" + urlencode(q) if q else "") for v, q in trials]
        for path in paths:
            assert client.get(path).status_code < 500, path
        before, all_refused = row_counts(), True
        for path in paths:
            response = client.post(path, {"text": "\x00", "email": "a" * 300})
            assert response.status_code < 500, path
            all_refused = all_refused and response.status_code in REFUSED
        if all_refused:
            assert row_counts() == before, f"a refused request to {route.name} stored rows"


def test_no_url_pattern_answers_500_to_hostile_addresses_anonymous(client, world):
    sweep_urls(client, world, "anonymous")


def test_no_url_pattern_answers_500_to_hostile_addresses_participant(client, world):
    sweep_urls(client, world, "participant")


def test_no_url_pattern_answers_500_to_hostile_addresses_facilitator(client, world):
    sweep_urls(client, world, "facilitator")


def test_no_url_pattern_answers_500_to_hostile_addresses_mentor_link(client, world):
    sweep_urls(client, world, "mentor")


# --- Every form of every role's pages, with Hypothesis ---------------------------------------

form_case = st.fixed_dictionaries(
    {
        "target": st.integers(0, 10_000),
        "fill": st.lists(
            st.sampled_from(["real", "real", "hostile", "drop"]), min_size=16, max_size=16
        ),
        "values": st.lists(hostile_text, min_size=5, max_size=5),
        "extra": st.dictionaries(hostile_text, hostile_text, max_size=2),
        "body": st.one_of(st.none(), st.none(), st.none(), odd_bodies),
    }
)


def post_form(client, targets, case):
    target = sorted(targets)[case["target"] % len(targets)]
    if case["body"] is not None:
        body, content_type = case["body"]
        return client.generic("POST", target, body, content_type=content_type)
    data = {}
    for i, (name, field) in enumerate(sorted(targets[target].items())):
        how = case["fill"][i % 16]
        if how == "real":
            data[name] = field.value
        elif how == "hostile":
            data[name] = case["values"][i % 5]
    return client.post(target, fresh({**case["extra"], **data}))


def fuzz_forms(client, world, role):
    sign_in(client, world, role)
    targets = post_targets(client, world, role)
    if role == "mentor":
        targets = {t: f for t, f in targets.items() if t.startswith("/mentor/")}
    # Every form filled as a person would, then with its e-mail fields over-long, then with NUL,
    # then with a line break in every typed field.
    for target, fields in sorted(targets.items()):
        plain = {name: field.value for name, field in fields.items()}
        fills = [
            {
                n: "a" * 250 + "@example.org" if f.kind == "email" else f.value
                for n, f in fields.items()
            },
            {n: "An\x00a" if f.typed else f.value for n, f in fields.items()},
            {n: "Ana\r\nBcc: x@example.org" if f.typed else f.value for n, f in fields.items()},
            plain,
        ]
        for data in fills:
            sign_in(client, world, role)
            before = row_counts()
            check(client.post(target, fresh(data)), before)

    @FUZZ
    @given(case=form_case)
    def run(case):
        clear_throttles()
        sign_in(client, world, role)
        before = row_counts()
        check(post_form(client, targets, case), before)

    run()
    assert_everything_stored_obeys_the_models()  # whatever the examples stored
    return targets


def test_no_form_answers_500_to_an_anonymous_visitor(client, world):
    targets = fuzz_forms(client, world, "anonymous")
    assert {"/accounts/login/", world.cohort.get_join_url()} <= set(targets)


def test_no_form_answers_500_to_a_participant(client, world):
    targets = fuzz_forms(client, world, "participant")
    module = Module.objects.in_course_order().first()
    assert reverse("worksheets:autosave", args=[world.cohort.pk, module.slug]) in targets
    assert reverse("mentor:links", args=[world.cohort.pk]) in targets


def test_no_form_answers_500_to_a_facilitator(client, world):
    targets = fuzz_forms(client, world, "facilitator")
    assert reverse("facilitator:invite", args=[world.cohort.pk]) in targets


def test_no_form_answers_500_to_a_mentor_link(client, world):
    targets = fuzz_forms(client, world, "mentor")
    assert reverse("mentor:agreement", args=[world.mentor_token]) in targets
