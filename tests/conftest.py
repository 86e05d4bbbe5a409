"""Fixtures every test directory shares: the personas (`world`, tests/personas.py), and each
test starting in the site's language (a test that switches to English must not leak it)."""

import pytest
from django.conf import settings
from django.utils import translation

from personas import World, world  # noqa: F401  (the personas, used as a fixture everywhere)


@pytest.fixture(autouse=True)
def _site_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
