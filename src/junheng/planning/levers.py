"""What a plan can change (levers), what each adds to a unit's resources, and what it costs.

Physical levers act on a whole school (buildings, equipment, rooms): a multi-level school's
unit of level L receives its share w_L·n_L / Σ w_k·n_k of what is added (docs/standards.md §3), as
the evaluation core splits what the school has. Teacher levers act on one unit (a school's
section): teachers are counted by the section they teach.

The teacher model is deliberately simple (documented in the package docstring):
- a new or transferred teacher of a kind adds 1 to the section's full-time teachers and 1 to
  the kind's column (高于规定学历 / 骨干 / 体育艺术);
- a backbone teacher also counts as 高于规定学历 when `backbone_is_qualified`, a PE/art teacher
  when `pe_art_is_qualified`; a transferred teacher takes the same columns away from the school
  that sends them;
- 中级及以上职称 cannot be bought or hired (titles come from promotion): an indicator on it is
  fixed, and a school short of it can pass only through the other indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

from junheng.planning.costs import TEACHER_KINDS, Costs

YUAN_PER_WAN = 10_000


@dataclass(frozen=True)
class Lever:
    """One kind of purchase. `columns`: the unit resource columns one item adds 1 to."""

    key: str
    name_zh: str
    name_en: str
    columns: tuple[str, ...]
    per_school: bool
    integer: bool
    unit_zh: str
    unit_cost: float  # 元 per item (teachers: per year)
    recurring: bool = False
    # continuous amounts are rounded up to this: what the template's workbook keeps once a
    # bureau types the plan in (whole m², 0.01 万元 of equipment value)
    quantum: float = 1.0
    # teacher levers: the unit column whose headroom bounds the lever (training: the teachers
    # not yet of the kind, "teachers" − column); None when unbounded
    bounded_by: str | None = None

    def cost_wan(self, years: int) -> float:
        """万元 per item over the whole plan (a teacher is paid every year of the plan)."""
        return self.unit_cost * (years if self.recurring else 1) / YUAN_PER_WAN


TEACHER_NAMES = {
    "qualified": ("高于规定学历教师", "teacher above the required degree"),
    "backbone": ("县级及以上骨干教师", "county-level backbone teacher"),
    "pe_art": ("体育艺术专任教师", "PE / art teacher"),
}


def teacher_columns(kind: str, costs: Costs) -> tuple[str, ...]:
    """The unit columns one teacher of `kind` counts in (see the module docstring)."""
    columns = ["teachers", f"{kind}_teachers"]
    if (kind == "backbone" and costs.backbone_is_qualified) or (
        kind == "pe_art" and costs.pe_art_is_qualified
    ):
        columns.append("qualified_teachers")
    return tuple(columns)


def physical_levers(costs: Costs) -> tuple[Lever, ...]:
    levers = [
        Lever(
            "teaching_room",
            "新建教学及辅助用房",
            "build teaching rooms",
            ("teaching_room_area",),
            True,
            False,
            "m²",
            costs.teaching_room,
        ),
        Lever(
            "sports_ground",
            "新建体育运动场馆",
            "build sports grounds",
            ("sports_area",),
            True,
            False,
            "m²",
            costs.sports_ground,
        ),
        Lever(
            "equipment",
            "购置教学仪器设备",
            "buy teaching equipment",
            ("equipment_value",),
            True,
            False,
            "万元",
            # the column is in 万元 of value: one 万元 of value costs cost_factor 万元
            costs.equipment_factor * YUAN_PER_WAN,
            quantum=0.01,
        ),
        Lever(
            "multimedia_classroom",
            "建网络多媒体教室",
            "equip multimedia classrooms",
            ("multimedia_classrooms",),
            True,
            True,
            "间",
            costs.multimedia_classroom,
        ),
    ]
    if costs.computer is not None:
        levers.append(
            Lever(
                "computer",
                "购置教学用计算机",
                "buy computers",
                ("computers",),
                True,
                True,
                "台",
                costs.computer,
            )
        )
    if costs.book is not None:
        levers.append(
            Lever("book", "购置图书", "buy books", ("books",), True, True, "册", costs.book)
        )
    return tuple(levers)


def hire_levers(costs: Costs) -> tuple[Lever, ...]:
    if not costs.hiring:
        return ()
    return tuple(
        Lever(
            f"hire_{kind}",
            f"新增{TEACHER_NAMES[kind][0]}",
            f"hire a {TEACHER_NAMES[kind][1]}",
            teacher_columns(kind, costs),
            False,
            True,
            "人",
            costs.teacher[kind],
            recurring=True,
        )
        for kind in TEACHER_KINDS
        if kind in costs.teacher
    )


def training_levers(costs: Costs) -> tuple[Lever, ...]:
    """培养认定 and 学历提升: a section's own teachers, trained once (元/人), at most as many as it
    has teachers not yet backbone / above the required degree (docs/standards.md §2, indicators
    1–2 count teachers, whoever trained them)."""
    training = costs.training
    if not training.allowed:
        return ()
    return (
        Lever(
            "train_backbone",
            "培养认定县级骨干教师",
            "designate and train county backbone teachers",
            ("backbone_teachers",),
            False,
            True,
            "人",
            training.backbone,
            bounded_by="backbone_teachers",
        ),
        Lever(
            "upgrade_degree",
            "教师学历提升",
            "upgrade teachers' degrees",
            ("qualified_teachers",),
            False,
            True,
            "人",
            training.degree,
            bounded_by="qualified_teachers",
        ),
    )


def unit_levers(costs: Costs) -> tuple[Lever, ...]:
    """The levers acting on one section: hires, then training."""
    return (*hire_levers(costs), *training_levers(costs))


def transfer_kinds(costs: Costs) -> tuple[str, ...]:
    rules = costs.transfers
    if not rules.allowed or rules.max_in_per_school == 0 or rules.max_out_per_school == 0:
        return ()
    return TEACHER_KINDS


def transfer_cost_wan(costs: Costs) -> float:
    """万元 per transferred teacher over the plan (the allowance is paid every year)."""
    return costs.transfers.allowance * costs.years / YUAN_PER_WAN
