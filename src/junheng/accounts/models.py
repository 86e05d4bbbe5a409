"""A user acts for one part of the organisation, given by the role and its scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.access.policy import SCOPE_KINDS
from junheng.accounts.choices import Role

# The user's field naming each kind of scope (`junheng.access.policy.SCOPE_KINDS`): an inspector
# acts for the schools assigned to them, within their county.
SCOPE_FIELDS = {
    "county": "county",
    "township": "township",
    "school": "school",
    "assigned": "county",
}


class User(AbstractUser):
    """A person of the bureau, a township office, a school or an inspection team.

    The scope that matters for the role is set: county for a county admin (and for everyone,
    as the county they belong to), township for a township officer, school for a principal,
    `assigned_schools` for an inspector or assigned cadre (包校干部). Which rows each scope
    reaches is `junheng.access`'s answer."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    county = models.ForeignKey(
        "registry.County", verbose_name=_("县"), null=True, blank=True, on_delete=models.PROTECT
    )
    township = models.ForeignKey(
        "registry.Township",
        verbose_name=_("乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("学校"), null=True, blank=True, on_delete=models.PROTECT
    )
    assigned_schools = models.ManyToManyField(
        "registry.School", verbose_name=_("负责学校"), blank=True, related_name="assigned_users"
    )

    def clean(self) -> None:
        super().clean()
        if self.is_superuser:
            return
        field = self.scope_field
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError({field: _("该角色必须设置此项")})
        for part in ("township", "school"):
            unit = getattr(self, part) if getattr(self, f"{part}_id") else None
            if unit is not None and self.county_id and unit.county_id != self.county_id:
                raise ValidationError({part: _("不属于所选的县")})

    @property
    def scope_field(self) -> str:
        """The field naming the part of the organisation the role acts for ("" without a
        role)."""
        return SCOPE_FIELDS.get(SCOPE_KINDS.get(self.role, ""), "")

    @property
    def scope_label(self) -> str:
        """The name of the part of the organisation the user acts for, as pages show it."""
        unit = getattr(self, self.scope_field or "county") or self.county
        return unit.name if unit else ""
