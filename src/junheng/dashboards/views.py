"""The home page (the user's to-dos) and the evaluation dashboards: the county view, a
school's view, the report downloads, the what-if and the costs plan. Who sees which county or
school is `dashboards.selectors`' answer (through `junheng.access`); these views parse, ask
and render."""

from __future__ import annotations

import dataclasses

import polars as pl
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from junheng.assessment import summaries
from junheng.assessment.evaluation import (
    STANDARDS,
    county_evaluation,
    county_records,
    county_years,
    visible_school_codes,
)
from junheng.assessment.parts import county_verdict, part_rows
from junheng.dashboards import matrix, whatif
from junheng.dashboards.home_verdict import home_verdict
from junheng.dashboards.selectors import (
    evaluable_county,
    landing,
    may_try_what_if,
    school_in_scope,
)
from junheng.dashboards.todos import todos
from junheng.reports import scope
from junheng.web.downloads import HTML_TYPE, XLSX_TYPE, download
from junheng.web.paging import page_of

DEFAULT_STANDARD = "quality-2017"


def _standard(request: HttpRequest) -> str:
    standard = request.GET.get("standard", DEFAULT_STANDARD)
    if standard not in STANDARDS:
        raise Http404("unknown standard")
    return standard


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's to-dos (`dashboards.todos`), with the way to the evaluation they may see
    (`landing`) and its verdict of every part, or a principal's own school's
    (`home_verdict`); without data yet, a word on how to start."""
    destination = landing(user=request.user)
    context = {
        "todos": todos(user=request.user),
        "destination": reverse(destination[0], args=destination[1]) if destination else None,
        **(home_verdict(user=request.user) if destination else {}),
    }
    template = "dashboards/home.html" if destination else "dashboards/empty.html"
    return render(request, template, context)


@login_required
def county_dashboard(request: HttpRequest, code: str, year: int) -> HttpResponse:
    county = evaluable_county(user=request.user, code=code)
    standard = _standard(request)
    evaluation = county_evaluation(county=county, year=year, standard=standard)
    if evaluation is None:
        raise Http404("no data for that year")
    previous = county_evaluation(county=county, year=year - 1, standard=standard)
    visible = summaries.scoped(evaluation, visible_school_codes(user=request.user, county=county))
    verdict = evaluation.counties.row(0, named=True)
    levels = summaries.level_summaries(evaluation, previous)
    # the county's verdict is that of every part; the data judge only some of them
    parts_verdict = county_verdict(county=county, year=year, standard=standard)
    english = request.LANGUAGE_CODE == "en"
    shown = matrix.matrix_view(summaries.matrix(visible), evaluation.standard, request.GET)
    # a county of a thousand schools shows its matrix a page at a time, after filter and sort
    matrix_page = page_of(request, shown.rows)
    return render(
        request,
        "dashboards/county.html",
        {
            "county": county,
            "year": year,
            "years": county_years(county=county),
            "standard": evaluation.standard,
            "standards": STANDARDS,
            "verdict": verdict,
            "parts_verdict": parts_verdict,
            "parts": part_rows(parts_verdict),
            "judged": scope.county_verdict(evaluation.standard, verdict, en=english),
            "levels": levels,
            "charts": [level["chart"] for level in levels],
            "matrix": dataclasses.replace(shown, rows=list(matrix_page.object_list)),
            "matrix_page": matrix_page,
            "matrix_headers": matrix.headers(evaluation.standard, shown),
            "failing_filter": matrix.FAILING,
            "townships": summaries.townships(visible),
            # the schools to improve first: below the county mean and weighing most on the CV
            "contributors": visible.contributors.filter(pl.col("x") < pl.col("mean"))
            .head(40)
            .to_dicts(),
            "excluded": visible.excluded.to_dicts(),
            "has_previous": previous is not None,
        },
    )


@login_required
def school_dashboard(request: HttpRequest, code: str, year: int, school_code: str) -> HttpResponse:
    school = school_in_scope(user=request.user, county_code=code, school_code=school_code)
    if not school.is_compulsory:
        # a kindergarten or senior high school is never evaluated (docs/standards.md §4): the
        # page says so and where its 双普 figures are, rather than an empty evaluation
        context = {"school": school, "county": school.county, "year": year}
        return render(request, "dashboards/not_compulsory.html", context)
    standard = _standard(request)
    evaluation = county_evaluation(county=school.county, year=year, standard=standard)
    if evaluation is None:
        raise Http404("no data for that year")
    return render(
        request,
        "dashboards/school.html",
        {
            "school": school,
            "county": school.county,
            "year": year,
            "years": county_years(county=school.county),
            "standard": evaluation.standard,
            "standards": STANDARDS,
            "units": summaries.unit_details(evaluation, school.code),
            "school_rule": matrix.school_rule_text(evaluation.standard),
            "excluded": summaries.scoped(evaluation, {school.code}).excluded.to_dicts(),
            "may_try_what_if": may_try_what_if(user=request.user, county=school.county),
        },
    )


@login_required
def county_report(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """The `junheng evaluate` xlsx or html report, with only the schools the user may see."""
    county = evaluable_county(user=request.user, code=code)
    standard = _standard(request)
    evaluation = county_evaluation(county=county, year=year, standard=standard)
    if evaluation is None:
        raise Http404("no data for that year")
    visible = summaries.scoped(evaluation, visible_school_codes(user=request.user, county=county))
    if fmt == "xlsx":
        from junheng.reports.xlsx_report import render_xlsx

        body, content_type = render_xlsx(visible), XLSX_TYPE
    else:
        from junheng.reports.html_report import render_html

        body, content_type = render_html(visible), HTML_TYPE
    return download(
        body,
        content_type,
        f"{county.name}{year}年均衡评估（{standard}）.{fmt}",
        f"report-{county.code}-{year}.{fmt}",
    )


@login_required
def what_if_page(request: HttpRequest, code: str, year: int, school_code: str) -> HttpResponse:
    """Change a school's figures in memory and see the county's verdicts change; nothing is
    saved. Open to those who see the county's evaluation and the school."""
    county = evaluable_county(user=request.user, code=code)
    school = school_in_scope(user=request.user, county_code=code, school_code=school_code)
    standard = _standard(request)
    record = county_records(county=county, year=year).filter(school=school).first()
    if record is None:
        raise Http404("no data for that year")
    current = {c.key: getattr(record, c.key) for c in whatif.EDITABLE}
    values, errors = dict(current), {}
    if request.method == "POST":
        for column in whatif.EDITABLE:
            if column.key not in request.POST:
                continue
            text = request.POST[column.key].strip().replace(",", "")
            try:
                number = float(text)
            except ValueError:
                errors[column.key] = text
                continue
            values[column.key] = int(number) if column.kind == "count" else number
    changes = {k: v for k, v in values.items() if v != current[k]}
    result = whatif.what_if(
        county=county, year=year, standard=standard, school_code=school.code, changes=changes
    )
    context = {
        "county": county,
        "year": year,
        "school": school,
        "standard": result.before.standard,
        "fields": [
            {"key": c.key, "label": c.header, "value": values[c.key], "bad": c.key in errors}
            for c in whatif.EDITABLE
        ],
        "changed": sorted(changes),
        "problems": result.problems
        + [gettext("「%(value)s」不是数字") % {"value": v} for v in errors.values()],
        "comparison": whatif.comparison(result, school.code),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "dashboards/_what_if_result.html" if partial else "dashboards/what_if.html"
    return render(request, template, context)
