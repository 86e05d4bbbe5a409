"""The permission matrix, generated from the URL configuration.

Every URL pattern of the project must be listed in CATALOGUE with how its objects are chosen;
a new view that is not listed fails `test_every_url_is_in_the_matrix`. Then every role is
tried against every view and API endpoint, for objects inside and outside its scope. The
expected access is written here by hand from the organisation (not derived from the code under
test): a principal sees their school, a township officer the township, an inspector the
assigned schools, a county admin the county. Zero unexpected successes is the bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from junheng.audit.models import AuditEntry
from junheng.collection.models import ImportBatch, SchoolYear

YEAR = 2025
SCHOOLS = {"A1": "school", "A2": "sibling", "A3": "far_school", "B1": "foreign_school"}
ROLES = ("county_admin", "township_officer", "principal", "inspector", "foreign_admin")

# Who may see which school (the world of tests/personas.py).
SEES = {
    "county_admin": {"A1", "A2", "A3"},
    "township_officer": {"A1", "A2"},
    "principal": {"A1"},
    "inspector": {"A2", "A3"},
    "foreign_admin": {"B1"},
}
# Who may see a county's dashboard (principals have their school's view instead).
SEES_COUNTY = {
    "county_admin": {"A"},
    "township_officer": {"A"},
    "principal": set(),
    "inspector": {"A"},
    "foreign_admin": {"B"},
}
# Who may change the registry facts of a school.
MANAGES = {"county_admin": {"A1", "A2", "A3"}, "foreign_admin": {"B1"}}


@dataclass
class Route:
    """How to fill a URL's parameters and what access to expect."""

    # school | county | list | batch | public | admin | body (the objects are named in a JSON
    # body, not the URL: the endpoint's own tests try each role in and out of scope)
    kind: str
    kwargs: Callable[[Any, Any], dict[str, Any]] = lambda world, target: {}
    query: Callable[[Any, Any], str] = lambda world, target: ""
    methods: tuple[str, ...] = ("GET",)
    sees: dict[str, set[str]] = field(default_factory=lambda: SEES)
    opens: frozenset[str] = frozenset(ROLES)  # list pages: the roles that may open them


def school_pk(world, school):
    return {"year": YEAR, "school_pk": school.pk}


CATALOGUE: dict[str, Route] = {
    # dashboards
    "dashboards:home": Route("list"),
    "dashboards:county": Route(
        "county", lambda w, c: {"code": c.code, "year": YEAR}, sees=SEES_COUNTY
    ),
    "dashboards:report_xlsx": Route(
        "county", lambda w, c: {"code": c.code, "year": YEAR}, sees=SEES_COUNTY
    ),
    "dashboards:report_html": Route(
        "county", lambda w, c: {"code": c.code, "year": YEAR}, sees=SEES_COUNTY
    ),
    "dashboards:school": Route(
        "school", lambda w, s: {"code": s.county.code, "year": YEAR, "school_code": s.code}
    ),
    "dashboards:plan": Route(
        "county",
        lambda w, c: {"code": c.code, "year": YEAR},
        methods=("GET", "POST"),
        sees=SEES_COUNTY,
    ),
    "dashboards:plan_export": Route(
        "county",
        lambda w, c: {"code": c.code, "year": YEAR, "fmt": "xlsx"},
        methods=("POST",),
        sees=SEES_COUNTY,
    ),
    # the plan's actions become problems: the county's bureau only
    "dashboards:plan_problems": Route(
        "county",
        lambda w, c: {"code": c.code, "year": YEAR},
        methods=("POST",),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    "dashboards:what_if": Route(
        "school",
        lambda w, s: {"code": s.county.code, "year": YEAR, "school_code": s.code},
        methods=("GET", "POST"),
        sees={r: v for r, v in SEES.items() if r != "principal"},
    ),
    # registry
    "registry:school_list": Route("list"),
    "registry:school_create": Route(
        "list", methods=("GET", "POST"), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    "registry:school_detail": Route("school", lambda w, s: {"pk": s.pk}),
    "registry:school_edit": Route(
        "school", lambda w, s: {"pk": s.pk}, methods=("GET", "POST"), sees=MANAGES
    ),
    # yearly data
    "collection:overview": Route("list"),
    "collection:year": Route("list", lambda w, t: {"year": YEAR}),
    "collection:export": Route("list", lambda w, t: {"year": YEAR}),
    "collection:lock": Route("list", lambda w, t: {"year": YEAR}, methods=("POST",)),
    "collection:unlock": Route("list", lambda w, t: {"year": YEAR}, methods=("POST",)),
    "collection:batch": Route("list", lambda w, t: {"year": YEAR}, methods=("POST",)),
    "collection:start": Route("list", lambda w, t: {"year": YEAR}, methods=("POST",)),
    "collection:school_year": Route("school", school_pk, methods=("GET", "POST")),
    "collection:school_year_act": Route("school", school_pk, methods=("POST",)),
    "collection:import": Route(
        "list",
        opens=frozenset(ROLES) - {"inspector"},  # an inspector only reads
    ),
    "collection:import_preview": Route("batch", lambda w, b: {"pk": b.pk}),
    "collection:import_commit": Route("batch", lambda w, b: {"pk": b.pk}, methods=("POST",)),
    "collection:import_discard": Route("batch", lambda w, b: {"pk": b.pk}, methods=("POST",)),
    "collection:history": Route("list"),
    "collection:school_history": Route("school", lambda w, s: {"pk": s.pk}),
    "collection:history_export": Route("list"),
    "collection:school_history_export": Route("school", lambda w, s: {"pk": s.pk}),
    # satisfaction surveys: a county's survey (made on first use); everyone in the county sees it,
    # scoped to their schools; only the county's admins manage it
    "surveys:list": Route("list"),
    "surveys:create": Route(
        "list", methods=("GET", "POST"), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    **{
        f"surveys:{name}": Route(
            "county",
            lambda w, c: {
                "pk": c.surveys.get_or_create(title="矩阵", defaults={"year": YEAR})[0].pk
            },
            sees={
                "county_admin": {"A"},
                "township_officer": {"A"},
                "principal": {"A"},
                "inspector": {"A"},
                "foreign_admin": {"B"},
            },
        )
        for name in ("detail", "preview", "progress", "results", "results_xlsx")
    },
    **{
        f"surveys:{name}": Route(
            "county",
            lambda w, c: {
                "pk": c.surveys.get_or_create(title="矩阵", defaults={"year": YEAR})[0].pk
            },
            methods=methods,
            sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
        )
        for name, methods in (
            ("settings", ("GET", "POST")),
            ("design", ("GET", "POST")),
            ("schools", ("GET", "POST")),
            ("quotas", ("GET", "POST")),
            ("distribution", ("GET",)),
            ("status", ("POST",)),
            ("copy", ("POST",)),
            ("delete", ("POST",)),
            ("tokens_issue", ("POST",)),
            ("batch_void", ("POST",)),
            ("open_link", ("POST",)),
        )
    },
    "surveys:school_results": Route(
        "school",
        lambda w, s: {
            "pk": s.county.surveys.get_or_create(title="矩阵", defaults={"year": YEAR})[0].pk,
            "school_pk": s.pk,
        },
    ),
    "surveys:answer": Route("public", lambda w, t: {"token": "x" * 24}, methods=("GET", "POST")),
    "surveys:open": Route("public", lambda w, t: {"slug": "x" * 16}, methods=("GET", "POST")),
    "surveys:done": Route("public"),
    # API
    "api:token": Route("public", methods=("POST",)),
    "api:schema": Route("public"),
    "api:school-list": Route("list"),
    "api:school-detail": Route("school", lambda w, s: {"code": s.code}),
    "api:school-year-list": Route("list"),
    "api:school-year-detail": Route("school", lambda w, s: {"school_code": s.code, "year": YEAR}),
    # the body names the records: each role's scope is tested in tests/api/test_transitions.py
    "api:school-year-transition": Route("body", methods=("POST",)),
    "api:evaluation": Route(
        "county", query=lambda w, c: f"?county={c.code}&year={YEAR}", sees=SEES_COUNTY
    ),
    # problems and rectification (tests/rectification/builders.py makes the objects)
    "rectification:list": Route("list"),
    "rectification:create": Route("list"),
    "rectification:detail": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_problem(s).pk},
    ),
    "rectification:act": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_problem(s).pk},
        methods=("POST",),
    ),
    # the bureau (and whoever recorded it) edits a problem; the responsible side its measure
    "rectification:edit": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_problem(s).pk},
        methods=("GET", "POST"),
        sees={**SEES, "inspector": set()},
    ),
    "rectification:photos": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_problem(s).pk},
        methods=("POST",),
        sees={**SEES, "inspector": set()},
    ),
    # 延期申请: asked by the responsible side (the school, its township), decided by the county
    "rectification:extension": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_problem(s).pk},
        methods=("POST",),
        sees={"township_officer": {"A1", "A2"}, "principal": {"A1"}},
    ),
    "rectification:extension_decide": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_extension(s).pk},
        methods=("POST",),
        sees=MANAGES,
    ),
    "rectification:photo": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_photo(s).pk},
    ),
    "rectification:plan": Route("list"),
    "rectification:suggestions": Route("list", opens=frozenset({"county_admin", "foreign_admin"})),
    "rectification:suggestions_generate": Route(
        "list", methods=("POST",), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    "rectification:suggestion_decide": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_suggestion(s).pk},
        methods=("POST",),
        sees=MANAGES,
    ),
    "rectification:notifications": Route("list"),
    "rectification:notifications_read": Route("list", methods=("POST",)),
    "rectification:rankings": Route("list", opens=frozenset({"county_admin", "foreign_admin"})),
    # visits (a principal is visited, never a visitor)
    "inspections:list": Route("list"),
    "inspections:create": Route("list", opens=frozenset(ROLES) - {"principal"}),
    "inspections:detail": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_visit(s).pk},
    ),
    "inspections:finding_add": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_visit(s).pk},
        methods=("POST",),
        sees=MANAGES,
    ),
    "inspections:finding_problem": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_finding(s).pk},
        methods=("POST",),
        sees={**SEES, "principal": set()},
    ),
    "inspections:photo": Route(
        "school",
        lambda w, s: {"pk": __import__("rectification.builders").builders.matrix_visit_photo(s).pk},
    ),
    "inspections:density": Route("list", opens=frozenset({"county_admin", "foreign_admin"})),
    "inspections:frequency": Route(
        "list", methods=("POST",), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    "inspections:cadres": Route(
        "list", methods=("GET", "POST"), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    # bulletins and notices: published ones reach the whole county, drafts only the bureau
    "bulletins:list": Route("list"),
    "bulletins:create": Route(
        "list", methods=("POST",), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    "bulletins:detail": Route(
        "county",
        lambda w, c: {"pk": __import__("rectification.builders").builders.matrix_bulletin(c).pk},
        sees={**SEES_COUNTY, "principal": {"A"}},
    ),
    "bulletins:docx": Route(
        "county",
        lambda w, c: {"pk": __import__("rectification.builders").builders.matrix_bulletin(c).pk},
        methods=("POST",),  # starts a background job
        sees={**SEES_COUNTY, "principal": {"A"}},
    ),
    "bulletins:pdf": Route(
        "county",
        lambda w, c: {"pk": __import__("rectification.builders").builders.matrix_bulletin(c).pk},
        methods=("POST",),  # starts a background job
        sees={**SEES_COUNTY, "principal": {"A"}},
    ),
    "bulletins:edit": Route(
        "county",
        lambda w, c: {
            "pk": __import__("rectification.builders")
            .builders.matrix_bulletin(c, published=False)
            .pk
        },
        methods=("GET", "POST"),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    "bulletins:refresh": Route(
        "county",
        lambda w, c: {
            "pk": __import__("rectification.builders")
            .builders.matrix_bulletin(c, published=False)
            .pk
        },
        methods=("POST",),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    "bulletins:publish": Route(
        "county",
        lambda w, c: {
            "pk": __import__("rectification.builders")
            .builders.matrix_bulletin(c, published=False)
            .pk
        },
        methods=("POST",),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    "bulletins:delete": Route(
        "county",
        lambda w, c: {
            "pk": __import__("rectification.builders")
            .builders.matrix_bulletin(c, published=False)
            .pk
        },
        methods=("POST",),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    "bulletins:notice_create": Route(
        "list", methods=("POST",), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    "bulletins:settings": Route(
        "list", methods=("GET", "POST"), opens=frozenset({"county_admin", "foreign_admin"})
    ),
    "bulletins:notice_detail": Route(
        "county",
        lambda w, c: {"pk": __import__("rectification.builders").builders.matrix_notice(c).pk},
        sees={**SEES_COUNTY, "principal": {"A"}},
    ),
    "bulletins:notice_docx": Route(
        "county",
        lambda w, c: {"pk": __import__("rectification.builders").builders.matrix_notice(c).pk},
        methods=("POST",),  # starts a background job
        sees={**SEES_COUNTY, "principal": {"A"}},
    ),
    "bulletins:notice_pdf": Route(
        "county",
        lambda w, c: {"pk": __import__("rectification.builders").builders.matrix_notice(c).pk},
        methods=("POST",),  # starts a background job
        sees={**SEES_COUNTY, "principal": {"A"}},
    ),
    "bulletins:notice_edit": Route(
        "county",
        lambda w, c: {
            "pk": __import__("rectification.builders").builders.matrix_notice(c, published=False).pk
        },
        methods=("GET", "POST"),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    "bulletins:notice_publish": Route(
        "county",
        lambda w, c: {
            "pk": __import__("rectification.builders").builders.matrix_notice(c, published=False).pk
        },
        methods=("POST",),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    # the self-evaluation report: the county's admins only (principals too get a 404)
    "selfreport:page": Route(
        "county",
        lambda w, c: {"code": c.code, "year": YEAR},
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    **{
        f"selfreport:{name}": Route(
            "county",
            lambda w, c: {"code": c.code, "year": YEAR},
            methods=("POST",),  # starts a background job
            sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
        )
        for name in ("docx", "pdf")
    },
    "selfreport:save": Route(
        "county",
        lambda w, c: {"code": c.code, "year": YEAR},
        methods=("POST",),
        sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
    ),
    # background jobs: a job is seen by its starter and the county's admins; anyone else 404
    "jobs:list": Route("list"),
    **{
        f"jobs:{name}": Route(
            "county",
            lambda w, c: {"pk": __import__("jobs.builders").builders.matrix_job(c).pk},
            sees={"county_admin": {"A"}, "foreign_admin": {"B"}},
        )
        for name in ("detail", "progress", "download")
    },
    "jobs:evaluation_workbook": Route(
        "county", lambda w, c: {"code": c.code, "year": YEAR}, methods=("POST",), sees=SEES_COUNTY
    ),
    # accounts and language
    "accounts:login": Route("public"),
    "accounts:logout": Route("public", methods=("POST",)),
    "set_language": Route("public", methods=("POST",)),
}
from checklists.matrix import checklist_routes  # noqa: E402

CATALOGUE.update(checklist_routes(Route, MANAGES, ROLES))
from recognition.matrix import recognition_routes  # noqa: E402

CATALOGUE.update(recognition_routes(Route, ROLES))
from ledgers.matrix import ledger_routes  # noqa: E402

CATALOGUE.update(ledger_routes(Route, ROLES))
ADMIN_NAMESPACE = "admin:"


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every named pattern of the project, with its namespace."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def project_routes() -> list[str]:
    return sorted(name for name in set(url_names()) if not name.startswith(ADMIN_NAMESPACE))


def test_every_url_is_in_the_matrix():
    missing = [name for name in project_routes() if name not in CATALOGUE]
    assert not missing, f"add these views to the permission matrix: {missing}"


def state() -> tuple:
    """What a refused request must leave untouched."""
    return (
        sorted(SchoolYear.objects.values_list("school__code", "year", "version", "status")),
        AuditEntry.objects.count(),
        sorted(ImportBatch.objects.values_list("pk", "status")),
    )


def batches(world) -> dict[str, ImportBatch]:
    """One import batch of the principal (county A) and one of the other county's admin."""
    from django.core.files.base import ContentFile

    made = {}
    for label, user, county in (
        ("A", world.principal, world.county),
        ("B", world.foreign_admin, world.other_county),
    ):
        batch = ImportBatch(created_by=user, county=county, original_name=f"{label}.xlsx")
        batch.file.save(f"{label}.bin", ContentFile(b"not a workbook"), save=True)
        made[label] = batch
    return made


def targets(world, route: Route) -> list[tuple[str, Any]]:
    if route.kind == "school":
        return [(label, getattr(world, attr)) for label, attr in SCHOOLS.items()]
    if route.kind == "county":
        return [("A", world.county), ("B", world.other_county)]
    if route.kind == "batch":
        return list(batches(world).items())
    return [("-", None)]


def expected_access(route: Route, role: str, label: str) -> bool:
    if route.kind == "batch":
        return (role, label) in {("principal", "A"), ("foreign_admin", "B")}
    return label in route.sees.get(role, set())


def request(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    return client.post(url, {"comment": "矩阵测试", "action": "submit", "reason": "矩阵测试"})


@pytest.mark.parametrize(
    "name", [n for n, r in CATALOGUE.items() if r.kind in ("school", "county", "batch")]
)
def test_no_role_reaches_an_object_outside_its_scope(client, world, name):
    route = CATALOGUE[name]
    unexpected = []
    for label, target in targets(world, route):
        url = reverse(name, kwargs=route.kwargs(world, target)) + route.query(world, target)
        for role in ROLES:
            client.force_login(getattr(world, role))
            for method in route.methods:
                before = state()
                response = request(client, method, url)
                allowed = expected_access(route, role, label)
                if not allowed:
                    if response.status_code not in (403, 404, 405):
                        unexpected.append((role, method, label, response.status_code))
                    if state() != before:
                        unexpected.append((role, method, label, "changed data"))
                elif method == "GET" and response.status_code != 200:
                    unexpected.append((role, method, label, f"refused {response.status_code}"))
    assert not unexpected, f"{name}: {unexpected}"


NAMES = {label: None for label in SCHOOLS}


@pytest.mark.parametrize("name", [n for n, r in CATALOGUE.items() if r.kind == "list"])
def test_lists_show_only_the_schools_in_scope(client, world, name):
    route = CATALOGUE[name]
    url = reverse(name, kwargs=route.kwargs(world, None))
    leaks = []
    for role in ROLES:
        client.force_login(getattr(world, role))
        for method in route.methods:
            if method != "GET":
                continue
            response = client.get(url, follow=True)
            if role not in route.opens:
                assert response.status_code in (403, 404), (name, role, response.status_code)
                continue
            assert response.status_code == 200, (name, role, response.status_code)
            body = _text(response)
            for label, attr in SCHOOLS.items():
                school = getattr(world, attr)
                if label not in SEES[role] and (school.name in body or school.code in body):
                    leaks.append((role, label))
    assert not leaks, f"{name} shows schools outside the scope: {leaks}"


def _text(response) -> str:
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        import io

        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("name", [n for n, r in CATALOGUE.items() if r.kind == "list"])
def test_state_changing_list_actions_are_refused_to_roles_without_the_right(client, world, name):
    route = CATALOGUE[name]
    if "POST" not in route.methods:
        return
    url = reverse(name, kwargs=route.kwargs(world, None))
    for role in ("township_officer", "principal", "inspector"):
        client.force_login(getattr(world, role))
        before = state()
        response = client.post(url, {"reason": "矩阵测试"})
        assert response.status_code in (302, 403, 404), (role, response.status_code)
        assert state() == before, f"{name}: {role} changed data"


@pytest.mark.parametrize("name", [n for n, r in CATALOGUE.items() if r.kind != "public"])
def test_anonymous_visitors_get_nothing(client, world, name):
    route = CATALOGUE[name]
    target = targets(world, route)[0][1]
    url = reverse(name, kwargs=route.kwargs(world, target)) + route.query(world, target)
    for method in route.methods:
        before = state()
        response = client.get(url) if method == "GET" else client.post(url, {})
        if name.startswith("api:"):
            assert response.status_code in (401, 403), (name, response.status_code)
        else:
            assert response.status_code in (302, 405), (name, response.status_code)
            if response.status_code == 302:
                assert "/accounts/login/" in response.url
        assert state() == before


def test_the_admin_site_is_closed_to_users_who_are_not_staff(client, world):
    for role in ROLES:
        client.force_login(getattr(world, role))
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response.url
