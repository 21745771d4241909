"""Settings for the test suite: Tinget's own, with what tests need changed and why."""

import os

# Playwright's sync API keeps an event loop in the test thread; the ORM calls in the same
# test are still synchronous, so Django's async-safety guard would be a false alarm.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tinget.settings import *  # noqa: F403
from tinget.settings import DATABASES

DEBUG = False
# Tests render templates without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run in-process unless a test starts a worker of its own.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Several test runs may share one PostgreSQL server (CI runs one; developers run several):
# TINGET_TEST_DB names this run's test database so they do not collide.
_suffix = os.environ.get("TINGET_TEST_DB", "main")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_tinget_{_suffix}"
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / f"test_{_suffix}.sqlite3")  # noqa: F405

# Most tests log users in with force_login and open the back office at once; the tests of
# two-factor authentication (tests/security/test_accounts.py) turn the requirement on.
TINGET_MFA_REQUIRED_FOR_STAFF = False
