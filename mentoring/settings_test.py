"""Test settings: fast password hashing and mail kept in memory."""

from mentoring.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The test client's login() does not pass a request, which django-axes needs; the lockout has a
# test of its own that switches it back on.
AXES_ENABLED = False
SECURE_SSL_REDIRECT = False
