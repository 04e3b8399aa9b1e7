import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from sessions_app.curriculum.loader import curriculum_load
from sessions_app.models import Enrollment, Module, Session
from worksheets.demo import PARTICIPANT

from .factories import EnrollmentFactory, open_sessions

pytest_plugins = ["tests.browser", "tests.oidc_provider", "tests.task_queue", "tests.saml_idp"]


class OneAtATimeLiveServer(ThreadedWSGIServer):
    """The browser tests' server runs one request at a time through Django.

    Django's threaded live server shares the one in-memory SQLite connection between request
    threads; two requests at once (two boards loading on one page) then interleave their
    savepoints and break the shared transaction for every later test. Connections are still
    accepted on threads, so a browser's idle pre-connected socket blocks nobody."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneAtATimeLiveServer


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped curriculum once; tests run inside transactions that keep it."""
    with django_db_blocker.unblock():
        curriculum_load(path=settings.CURRICULUM_PATH)


@pytest.fixture
def curriculum(db):
    # Transactional tests (the browser ones) empty the tables afterwards: load again if so.
    if not Module.objects.exists():
        curriculum_load(path=settings.CURRICULUM_PATH)
    return Module.objects.in_course_order()


@pytest.fixture
def survey(curriculum):
    """The shipped survey instrument, loaded (idempotently) for the evaluation's tests."""
    from evaluation.instruments.loader import instrument_load

    return instrument_load(path=settings.SURVEY_PATH).instrument


@pytest.fixture
def demo(curriculum):
    """The demo participant's enrollment, with every worksheet filled in."""
    call_command("seed_demo")
    return Enrollment.objects.get(user__email=PARTICIPANT["email"])


@pytest.fixture
def enrollment(curriculum):
    """A participant in a cohort whose sessions are all open."""
    enrollment = EnrollmentFactory()
    open_sessions(enrollment.cohort, Session.objects.all())
    return enrollment


@pytest.fixture
def participant_client(client, enrollment):
    client.force_login(enrollment.user)
    return client
