"""The personas of tests/personas.py (two counties, one user per role) for the rectification,
inspections and bulletins tests."""

from personas import World, world  # noqa: F401
