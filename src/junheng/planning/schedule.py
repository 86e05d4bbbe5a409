"""Spread a plan over the years available.

- Teachers (hires and transfers) start in year 1: the teacher indicators count the staff on the
  statistics date, and the optimiser already pays every new teacher and every transfer
  allowance for all the plan's years.
- Buildings and equipment are taken most urgent first — a unit below an 85 % floor, then a
  failing unit, then what only lowers a CV — and, within the same urgency, cheapest first; they
  fill the years in that order so that each year spends about the same (the capital total ÷
  years): an item goes to the year in which the middle of its cost falls. One item is never
  split across years.
"""

from __future__ import annotations

from dataclasses import replace

from junheng.planning.result import Action, Transfer, YearSpend


def schedule(
    actions: list[Action], transfers: list[Transfer], years: int
) -> tuple[list[Action], list[YearSpend]]:
    staff = [a for a in actions if a.lever.startswith("hire_")]
    capital = sorted(
        (a for a in actions if not a.lever.startswith("hire_")),
        key=lambda a: (a.urgency, a.cost, a.school_code, a.lever),
    )
    total = sum(a.cost for a in capital)
    placed: list[Action] = [replace(a, year=1) for a in staff]
    spent = [0.0] * years
    cumulative = 0.0
    for action in capital:
        middle = cumulative + action.cost / 2
        year = min(years, int(years * middle / total) + 1) if total > 0 else 1
        placed.append(replace(action, year=year))
        spent[year - 1] += action.cost
        cumulative += action.cost
    yearly_staff = sum(a.cost for a in staff) / years + sum(t.cost for t in transfers) / years
    spending = [YearSpend(y + 1, spent[y], yearly_staff) for y in range(years)]
    placed.sort(key=lambda a: (a.year, a.urgency, a.school_code, a.level or "", a.lever))
    return placed, spending
