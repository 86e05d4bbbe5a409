"""Settings for the test suite: the real settings with HTTP cookies, a throwaway data directory
and a fast password hasher. PostgreSQL when DATABASE_URL is set, SQLite otherwise."""

import os
import tempfile

os.environ.setdefault(
    "JUNHENG_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)
os.environ.setdefault("JUNHENG_HTTPS", "0")
os.environ.setdefault("JUNHENG_DATA_DIR", tempfile.mkdtemp(prefix="junheng-test-"))
os.environ.setdefault("JUNHENG_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# background jobs run inside the request: the tests need no worker (tests/jobs runs one too)
os.environ.setdefault("JUNHENG_TASKS_BACKEND", "immediate")

from junheng.site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests read static files from the source tree; production serves the collected, hashed copies.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Each test process counts in its own memory, as the suite always has (tests clear it between
# tests); the shared database cache of production is tested where it matters
# (tests/site_wide/test_security.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
