"""The registry: counties, townships and schools.

Each model says in `scope` how its rows reach a county, a township and a school, for
`junheng.access` to keep each user's rows (`School.objects.restrict(user, action)`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from junheng.access import RestrictedQuerySet
from junheng.evaluation.levels import SCHOOL_TYPE_LEVELS, SCHOOL_TYPES, TEACHING_POINT
from junheng.registry.choices import Affiliation, Location, Ownership, SchoolType

# A teaching point belongs to a school that teaches primary and is not itself a teaching point.
PARENT_TYPES = tuple(
    t for t, levels in SCHOOL_TYPE_LEVELS.items() if "primary" in levels and t != TEACHING_POINT
)
# The types of the compulsory-education data and evaluation: the template's. A kindergarten or
# a stand-alone senior high school (docs/standards.md §4) is in the registry but has no yearly
# compulsory data, no evaluation unit and is never drawn for a mock inspection.
COMPULSORY_TYPES: tuple[str, ...] = SCHOOL_TYPES


class SchoolQuerySet(RestrictedQuerySet):
    def compulsory(self) -> SchoolQuerySet:
        """The schools of compulsory education (those the template and the evaluation know)."""
        return self.filter(school_type__in=COMPULSORY_TYPES)


class County(models.Model):
    """A county (县/区), identified by its 6-digit administrative division code."""

    code = models.CharField(_("县代码"), max_length=6, unique=True)
    name = models.CharField(_("县名称"), max_length=50)
    inspection_date = models.DateField(_("督导检查日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "pk", "township": "townships", "school": "schools"}

    class Meta:
        ordering = ["code"]
        verbose_name = _("县")
        verbose_name_plural = _("县")

    def __str__(self) -> str:
        # the brackets around the code follow the page's language (issue 14 §7)
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}


class Township(models.Model):
    """A township or street (乡镇/街道) of a county."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="townships")
    name = models.CharField(_("乡镇"), max_length=50)

    objects = RestrictedQuerySet.as_manager()
    scope = {"county": "county", "township": "pk", "school": "schools"}

    class Meta:
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_unique_per_county")
        ]
        verbose_name = _("乡镇")
        verbose_name_plural = _("乡镇")

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school (or teaching point) as the registry knows it now; yearly figures live in
    collection.SchoolYear, which also keeps the type and location the school had that year."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="schools")
    township = models.ForeignKey(Township, on_delete=models.PROTECT, related_name="schools")
    code = models.CharField(_("学校标识码"), max_length=10)
    name = models.CharField(_("学校名称"), max_length=100)
    school_type = models.CharField(_("学校类型"), max_length=20, choices=SchoolType.choices)
    location = models.CharField(_("城乡分类"), max_length=4, choices=Location.choices)
    ownership = models.CharField(
        _("办学性质"), max_length=4, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    affiliation = models.CharField(
        _("隶属关系"), max_length=8, choices=Affiliation.choices, default=Affiliation.COUNTY
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属学校"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teaching_points",
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = SchoolQuerySet.as_manager()
    scope = {"county": "county", "township": "township", "school": "pk"}

    class Meta:
        ordering = ["county", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="school_code_unique_per_county")
        ]
        verbose_name = _("学校")
        verbose_name_plural = _("学校")

    def __str__(self) -> str:
        # the brackets around the code follow the page's language (issue 14 §7)
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.code}

    @property
    def is_teaching_point(self) -> bool:
        return self.school_type == SchoolType.TEACHING_POINT

    @property
    def is_compulsory(self) -> bool:
        """Whether the school teaches compulsory education (has yearly data, is evaluated)."""
        return self.school_type in COMPULSORY_TYPES

    def facts(self) -> dict[str, Any]:
        """The registry facts as plain values (the audit trail's snapshot of a change)."""
        return {
            "name": self.name,
            "school_type": self.school_type,
            "location": self.location,
            "ownership": self.ownership,
            "affiliation": self.affiliation,
            "township": self.township.name,
            "parent": self.parent.code if self.parent else "",
            "latitude": None if self.latitude is None else str(self.latitude),
            "longitude": None if self.longitude is None else str(self.longitude),
        }
