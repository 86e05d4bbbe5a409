"""The personas of tests/web (two counties, one user per role) for the rectification,
inspections and bulletins tests."""

from web.conftest import World, world  # noqa: F401
