"""The ledgers' routes for the permission matrix (tests/site_wide/test_permission_matrix.py),
written by hand from the organisation: every role takes the ledgers of its own scope (problems,
visits, the countdown plan, a school's file); the visit density and the rankings are the
bureau's, as their pages are. To integrate:

    from ledgers.matrix import ledger_routes
    CATALOGUE.update(ledger_routes(Route, ROLES))
"""

from __future__ import annotations

from typing import Any

EVERYONE = ("problems", "visits", "plan")  # downloaded at once (small scopes) or in the background
EVERYONE_IN_BACKGROUND = ("problems_docx",)
BUREAU = ("density", "rankings")


def ledger_routes(route: Any, roles: tuple[str, ...]) -> dict[str, Any]:
    everyone = frozenset(roles)
    bureau = frozenset({"county_admin", "foreign_admin"})
    routes = {"ledgers:index": route("list")}
    for names, opens in ((EVERYONE, everyone), (BUREAU, bureau)):
        for name in names:
            routes[f"ledgers:{name}"] = route("list", opens=opens)
            routes[f"ledgers:{name}_start"] = route("list", methods=("POST",), opens=opens)
    for name in EVERYONE_IN_BACKGROUND:
        routes[f"ledgers:{name}_start"] = route("list", methods=("POST",), opens=everyone)
    # a school's file: whoever sees the school (the matrix's SEES), in and out of scope
    routes["ledgers:school_file"] = route(
        "school", lambda w, s: {"pk": s.pk}, methods=("GET", "POST")
    )
    return routes
