import pytest
from django.conf import settings

from sessions_app.models import Module, Session
from sessions_app.services import curriculum_load

from .factories import EnrollmentFactory, open_sessions

pytest_plugins = ["tests.browser_fixtures"]


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
def enrollment(curriculum):
    """A participant in a cohort whose sessions are all open."""
    enrollment = EnrollmentFactory()
    open_sessions(enrollment.cohort, Session.objects.all())
    return enrollment


@pytest.fixture
def participant_client(client, enrollment):
    client.force_login(enrollment.user)
    return client
