"""The web tests' personas (`world`) for the dashboards' tests."""

from personas import World, world  # noqa: F401  (the fixture, shared)
