"""The plan page's forms: shape only. Every input carries its unit in its label; the prices
start at the example file's (`assessment.costs_plan.default_costs`), which the page says."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.assessment.costs_plan import FIELDS, cost_values
from junheng.planning.costs import MAX_YEARS, Costs

# The staffing quota's levels: (field, label).
STAFFING = (("staffing_primary", _("小学编制标准")), ("staffing_junior", _("初中编制标准")))


def _labelled(label: str, unit: str) -> str:
    """「label（unit）」 in the page's language (issue 14 §7)."""
    return gettext("%(label)s（%(unit)s）") % {"label": gettext(label), "unit": gettext(unit)}


class PlanForm(forms.Form):
    """The plan's assumptions. A price must be above 0; a budget, when given, too (a negative
    budget is refused); the years are whole, 1 to 20, as in a costs file."""

    years = forms.IntegerField(
        label=_("规划年限（年）"), min_value=1, max_value=MAX_YEARS, initial=3
    )
    budget = forms.FloatField(
        label=_("预算（万元，可空）"),
        required=False,
        help_text=_("给出预算时，求预算内达标的学校（学部）最多的方案"),
    )
    transfers = forms.BooleanField(label=_("允许交流轮岗"), required=False)
    allowance = forms.FloatField(label=_("交流轮岗补贴（元/人/年）"), min_value=0)
    max_in = forms.IntegerField(label=_("每校最多调入（人）"), min_value=0, max_value=1000)
    max_out = forms.IntegerField(label=_("每校最多调出（人）"), min_value=0, max_value=1000)
    training = forms.BooleanField(label=_("培训本校教师（培养认定、学历提升）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, unit in FIELDS:
            self.fields[key] = forms.FloatField(
                label=_labelled(label, unit), min_value=0.01, localize=False
            )
        for key, label in STAFFING:
            self.fields[key] = forms.FloatField(
                label=_labelled(label, "学生数/编制，可空"),
                required=False,
                min_value=1,
                help_text=_("新增教师不超过编制空额；空则不限"),
            )

    @classmethod
    def initial_for(cls, costs: Costs) -> dict[str, Any]:
        return {
            **cost_values(costs),
            "years": costs.years,
            "transfers": costs.transfers.allowed,
            "allowance": costs.transfers.allowance,
            "max_in": costs.transfers.max_in_per_school,
            "max_out": costs.transfers.max_out_per_school,
            "training": costs.training.allowed,
        }

    def clean_budget(self) -> float | None:
        budget = self.cleaned_data.get("budget")
        if budget is not None and not budget > 0:
            raise forms.ValidationError(_("预算必须大于 0"))
        return budget

    def price_fields(self) -> list[forms.BoundField]:
        return [self[key] for key, _label, _unit in FIELDS]

    def staffing_fields(self) -> list[forms.BoundField]:
        return [self[key] for key, _label in STAFFING]


class PlanProblemsForm(forms.Form):
    """Turning the plan's actions into problems: one deadline per plan year; each school's
    responsible person is chosen among those who may be named there (the view offers them).

    Its fields sit in the plan's form, which the other buttons (测算, the exports) submit too:
    the browser must not hold those back for a deadline; the problems' view checks it."""

    use_required_attribute = False

    def __init__(self, *args: Any, years: int, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for year in range(1, years + 1):
            self.fields[f"deadline_{year}"] = forms.DateField(
                label=_("第 %(year)s 年措施的整改期限") % {"year": year},
                initial=today.replace(year=today.year + year)
                if not (today.month == 2 and today.day == 29)
                else today + dt.timedelta(days=365 * year),
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def deadlines(self) -> dict[int, dt.date]:
        return {
            int(name.removeprefix("deadline_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("deadline_")
        }
