"""Test settings: fast password hashing and mail kept in memory."""

from mentoring.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The outbox's tests switch EMAIL_BACKEND to the queue; its task then delivers to memory.
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The test client's login() does not pass a request, which django-axes needs; the lockout has a
# test of its own that switches it back on.
AXES_ENABLED = False
SECURE_SSL_REDIRECT = False
# Tasks run where they are enqueued, inside the test; the tests of the queue itself switch to the
# dummy backend (to see what was queued) or run the database backend with a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
