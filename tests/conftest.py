"""Fixtures every test directory shares: the personas (`world`, tests/personas.py)."""

from personas import World, world  # noqa: F401  (the personas, used as a fixture everywhere)
