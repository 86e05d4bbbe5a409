"""The web tests' personas (`world`) for the checklist tests, and small builders."""

from __future__ import annotations

from personas import World, world  # noqa: F401  (the fixture, shared)
