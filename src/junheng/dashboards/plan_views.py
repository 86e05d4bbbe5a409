"""The plan page for an official (issue 14 §6): the cost assumptions shown with their units and
editable, the least-cost plan (or the best within a budget, naming the units still failing),
its export to xlsx and docx as a background job, and one step turning its actions into
problems with responsible people and deadlines. Who sees the county is `evaluable_county`;
the one write asks the policy itself (`plan_services`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from junheng.access import MANAGE, RESPONSIBLE, may, nameable_people
from junheng.assessment import costs_plan
from junheng.assessment.evaluation import STANDARDS, county_records, standard_named
from junheng.dashboards.plan_forms import PlanForm, PlanProblemsForm
from junheng.dashboards.plan_services import plan_items, plan_problems_create
from junheng.dashboards.selectors import evaluable_county
from junheng.jobs.services import job_start
from junheng.planning import Plan
from junheng.planning.costs import Costs
from junheng.planning.levers import YUAN_PER_WAN, physical_levers, unit_levers
from junheng.refusals import Refusal, refusal_text
from junheng.registry.models import County, School
from junheng.reports.labels import unit_en
from junheng.reports.plan_report import county_to_dict
from junheng.web.languages import english

DEFAULT_STANDARD = "quality-2017"
EXPORT_JOB = "plan_export"
FORMATS = ("xlsx", "docx")


def _standard(request: HttpRequest) -> str:
    standard = request.GET.get("standard", DEFAULT_STANDARD)
    if standard not in STANDARDS:
        raise Http404("unknown standard")
    if not standard_named(standard).has_thresholds:
        raise Http404("the planner needs per-school thresholds (quality-2017)")
    return standard


def _county(request: HttpRequest, code: str, year: int) -> County:
    county = evaluable_county(user=request.user, code=code)
    if not county_records(county=county, year=year).exists():
        raise Http404("no data for that year")
    return county


def _page(code: str, year: int, standard: str) -> str:
    return f"{reverse('dashboards:plan', args=[code, year])}?standard={standard}"


def costs_of(values: dict[str, Any]) -> Costs:
    """The example costs with the form's (cleaned) assumptions."""
    priced = costs_plan.with_values(costs_plan.default_costs(), values, values["transfers"])
    return costs_plan.with_assumptions(priced, values)


def _form(request: HttpRequest) -> PlanForm:
    initial = PlanForm.initial_for(costs_plan.default_costs())
    if request.method == "POST":
        return PlanForm(request.POST, initial=initial)
    return PlanForm(initial=initial)


def _values(form: PlanForm) -> dict[str, Any] | None:
    """The cleaned assumptions (GET: the example's), or None when the form has errors."""
    if form.is_bound:
        return form.cleaned_data if form.is_valid() else None
    return {name: form[name].initial for name in form.fields}


def _responsible_choices(county: County, plan: Plan) -> list[dict[str, Any]]:
    """Per school with a measure: who may be named responsible there, its principal first."""
    codes = sorted({item.school_code for item in plan_items(plan.counties[0])})
    rows = []
    for school in School.objects.filter(county=county, code__in=codes).order_by("code"):
        people = list(nameable_people(RESPONSIBLE, county=county, school=school))
        people.sort(key=lambda p: getattr(p, "school_id", None) != school.pk)
        rows.append({"school": school, "people": people})
    return rows


@login_required
def plan_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Edit the assumptions and see the plan and the verdict after it; nothing is saved."""
    county = _county(request, code, year)
    standard = _standard(request)
    form = _form(request)
    values = _values(form)
    plan = result = None
    if values is not None:
        result = costs_plan.plan_result(
            county=county, year=year, standard=standard, costs=costs_of(values)
        )
        plan = in_language(county_to_dict(result.counties[0]), result.costs)
    may_register = may(request.user, MANAGE, county)
    context = {
        "county": county,
        "year": year,
        "standard": standard_named(standard),
        "form": form,
        "plan": plan,
        "assumptions": plan and _assumptions(result),
        "problems_form": PlanProblemsForm(
            years=values["years"], today=timezone.localdate(), prefix="p"
        )
        if plan and may_register
        else None,
        "responsible": _responsible_choices(county, result) if plan and may_register else [],
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "dashboards/_plan_result.html" if partial else "dashboards/plan.html"
    return render(request, template, context)


# the teachers a transfer moves, as the page names them in English
TRANSFERRED_EN = {
    "qualified": "teachers above the required degree",
    "backbone": "county-level backbone teachers",
    "pe_art": "PE / art teachers",
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def in_language(plan: dict[str, Any], costs: Costs) -> dict[str, Any]:
    """The plan as the page shows it: in English, each measure's name, unit and notes in
    English (the numbers as they are); in Chinese, as the report writes it."""
    if not english():
        return plan
    names = {lever.key: lever.name_en for lever in (*physical_levers(costs), *unit_levers(costs))}
    actions = []
    for action in plan["actions"]:
        number, _space, unit = action["quantity_text"].rpartition(" ")
        actions.append(
            {
                **action,
                "name": _capital(names.get(action["action"], action["name"])),
                "quantity_text": f"{number} {unit_en(unit, number)}",
            }
        )
    transfers = [{**t, "name": TRANSFERRED_EN.get(t["kind"], t["name"])} for t in plan["transfers"]]
    return {**plan, "actions": actions, "transfers": transfers}


def _assumptions(result: Plan) -> list[dict[str, str]]:
    """The cost assumptions as the page shows them: the report's rows (Chinese, as the
    workbook and the document keep them) in the page's language (issue 14 §7)."""
    from junheng.reports.plan_report import assumption_rows

    rows = assumption_rows(result.costs)
    if not english():
        return rows
    costs = result.costs
    per_year = {
        **costs.teacher,
        "allowance": costs.transfers.allowance if costs.transfers.allowed else None,
    }
    shown = []
    for row in rows:
        note = _(row["note"]) if row["note"] else ""
        price = per_year.get(row["key"])
        if price is not None and (costs.hiring or row["key"] == "allowance"):
            note = _("× %(years)s years = %(wan)s 10,000 yuan per person") % {
                "years": costs.years,
                "wan": f"{price * costs.years / YUAN_PER_WAN:,.2f}",
            }
            if row["key"] == "allowance":
                note += _("; at most %(in)s in and %(out)s out per school") % {
                    "in": costs.transfers.max_in_per_school,
                    "out": costs.transfers.max_out_per_school,
                }
        shown.append(
            {
                **row,
                "label": _(row["label"]),
                "value": _(row["value"]) if row["value"] else "",
                "unit": _(row["unit"]) if row["unit"] else "",
                "note": note,
            }
        )
    return shown


@require_POST
@login_required
def plan_export(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """The plan at the posted assumptions as a workbook or a Word document, made by a
    background job (a county of 1,000 schools takes a while to plan); its page offers the
    download."""
    if fmt not in FORMATS:
        raise Http404("unknown format")
    county = _county(request, code, year)
    standard = _standard(request)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "dashboards/plan.html",
            {"county": county, "year": year, "standard": standard_named(standard), "form": form},
        )
    params = {"year": year, "standard": standard, "format": fmt, "values": form.cleaned_data}
    try:
        job = job_start(actor=request.user, kind=EXPORT_JOB, county=county, params=params)
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect(_page(code, year, standard))
    return redirect(job)


@require_POST
@login_required
def plan_problems(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Turn the plan's actions, at the posted assumptions, into problems: one step, all or
    nothing, each with the responsible person chosen for its school and its year's deadline."""
    county = _county(request, code, year)
    standard = _standard(request)
    if not may(request.user, MANAGE, county):
        raise Http404("only the county bureau registers the plan's problems")
    form = PlanForm(request.POST)
    back = _page(code, year, standard)
    if not form.is_valid():
        messages.error(request, _("规划的测算假设有误，未登记问题"))
        return redirect(back)
    result = costs_plan.plan_result(
        county=county, year=year, standard=standard, costs=costs_of(form.cleaned_data)
    )
    deadlines = PlanProblemsForm(
        request.POST, years=form.cleaned_data["years"], today=timezone.localdate(), prefix="p"
    )
    if not deadlines.is_valid():
        messages.error(request, _("整改期限有误，未登记问题"))
        return redirect(back)
    responsible = {}
    for row in _responsible_choices(county, result):
        chosen = request.POST.get(f"responsible_{row['school'].code}", "")
        people = {str(p.pk): p for p in row["people"]}
        if chosen and chosen not in people:
            messages.error(request, _("所选责任人不能负责该学校的问题，未登记问题"))
            return redirect(back)
        responsible[row["school"].code] = people.get(chosen)
    try:
        done = plan_problems_create(
            actor=request.user,
            county=county,
            standard=result.standard,
            plan=result.counties[0],
            responsible=responsible,
            deadlines=deadlines.deadlines(),
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
        return redirect(back)
    messages.success(
        request,
        _("已登记整改问题 %(created)s 个（已有相同措施的问题 %(already)s 个未重复登记）")
        % {"created": done.created, "already": done.already},
    )
    return redirect(back)
