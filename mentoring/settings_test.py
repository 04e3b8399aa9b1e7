"""Test settings: fast password hashing and mail kept in memory."""

import os
import tempfile
from pathlib import Path

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

# SQLite's test database is a file, not Django's shared in-memory one: threads of a test then
# each have a connection that waits for the write lock (WAL, IMMEDIATE, timeout) as the server's
# do, where the in-memory database's shared cache fails at once with "table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"mentoring-test-{os.getpid()}.sqlite3")
    }
