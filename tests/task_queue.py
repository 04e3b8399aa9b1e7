"""The task queue in tests (a pytest plugin of conftest.py): the fixture `queue`, the dummy
backend, which keeps what was queued without running it, and `run`, which runs a queued task as
a worker would, when the test wants."""

import pytest
from django.test import override_settings
from django_tasks import TaskContext, TaskResultStatus, default_task_backend

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue():
    """The dummy backend: `queue()` is what was enqueued and not run yet."""
    with override_settings(TASKS=DUMMY):
        default_task_backend.clear()
        yield lambda: [r for r in default_task_backend.results if r.status == "READY"]


def run(result):
    """Run a queued task as a worker would."""
    object.__setattr__(result, "status", TaskResultStatus.RUNNING)
    try:
        return result.task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
    finally:
        object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
