"""Where a problem came from: the stage of the road to recognition and the body that found it,
both read from its source (docs/standards.md §3, "The road to recognition").

The stages are the recognition app's (`junheng.recognition.choices.Stage`: 县级自评 → 市级复核
→ 省级评估 → 国家认定), and so is the body customarily holding each stage beyond the county
(`STAGE_BODY`: 市教育局, 省教育厅, 教育部). Nothing is stored twice: the stage and the body
follow from a problem's source and its place, so they never disagree with them.

- 自查, 乡镇检查 and 县督导 are the county's own work, the stage 县级自评; 市级复核, 省级反馈 and
  国家反馈 are the stages of the same names.
- The body of a 自查 is the unit that checked itself: the school (a problem of a school), the
  township (of a township), the county bureau (of the whole county). A 乡镇检查 is the
  township's, a 县督导 the county bureau's, a stage's feedback its body's.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from junheng.recognition.choices import STAGE_BODY, Body, Stage
from junheng.rectification.choices import Source


class FoundBy(models.TextChoices):
    """The body a problem came from: the county's own units, then the bodies of the stages
    beyond the county (their keys are `recognition.choices.Body`'s)."""

    SCHOOL = "school", _("学校")
    TOWNSHIP = "township", _("乡镇")
    COUNTY_BUREAU = Body.COUNTY_BUREAU.value, Body.COUNTY_BUREAU.label
    CITY_BUREAU = Body.CITY_BUREAU.value, Body.CITY_BUREAU.label
    PROVINCE_DEPARTMENT = Body.PROVINCE_DEPARTMENT.value, Body.PROVINCE_DEPARTMENT.label
    MINISTRY = Body.MINISTRY.value, Body.MINISTRY.label


# The stage each source belongs to.
SOURCE_STAGE: dict[str, str] = {
    Source.SELF_CHECK: Stage.COUNTY,
    Source.TOWNSHIP: Stage.COUNTY,
    Source.COUNTY: Stage.COUNTY,
    Source.CITY: Stage.CITY,
    Source.PROVINCE: Stage.PROVINCE,
    Source.NATIONAL: Stage.NATIONAL,
}

# The body of each source that names one whatever the problem's place (not 自查).
SOURCE_BODY: dict[str, str] = {
    Source.TOWNSHIP: FoundBy.TOWNSHIP,
    Source.COUNTY: FoundBy.COUNTY_BUREAU,
    **{
        source: STAGE_BODY[stage] for source, stage in SOURCE_STAGE.items() if stage != Stage.COUNTY
    },
}

STAGE_LABELS = dict(Stage.choices)
BODY_LABELS = dict(FoundBy.choices)


def source_stage(source: str) -> str:
    """The stage (a `recognition.choices.Stage` value) a problem of this source came from."""
    return SOURCE_STAGE.get(source, "")


def source_body(source: str, *, township_id: int | None, school_id: int | None) -> str:
    """The body (a `FoundBy` value) that found a problem of this source at this place."""
    if source in SOURCE_BODY:
        return SOURCE_BODY[source]
    if source != Source.SELF_CHECK:
        return ""
    if school_id is not None:
        return FoundBy.SCHOOL
    if township_id is not None:
        return FoundBy.TOWNSHIP
    return FoundBy.COUNTY_BUREAU


def stage_condition(stage: str) -> Q:
    """The problems (as an ORM condition) that came from this stage."""
    return Q(source__in=[source for source, of in SOURCE_STAGE.items() if of == stage])


def body_condition(body: str) -> Q:
    """The problems (as an ORM condition) that this body found."""
    condition = Q(source__in=[source for source, of in SOURCE_BODY.items() if of == body])
    own_check = Q(source=Source.SELF_CHECK)
    if body == FoundBy.SCHOOL:
        condition |= own_check & Q(school__isnull=False)
    elif body == FoundBy.TOWNSHIP:
        condition |= own_check & Q(school__isnull=True, township__isnull=False)
    elif body == FoundBy.COUNTY_BUREAU:
        condition |= own_check & Q(school__isnull=True, township__isnull=True)
    return condition
