"""The web tests' personas (`world`: two counties, one user per role) for the recognition tests."""

from __future__ import annotations

from personas import World, world  # noqa: F401  (the fixture, shared)
