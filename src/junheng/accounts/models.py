"""A user acts for one part of the organisation, given by the role and its scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from junheng.accounts.choices import Role


class User(AbstractUser):
    """A person of the bureau, a township office, a school or an inspection team.

    The scope that matters for the role is set: county for a county admin (and for everyone,
    as the county they belong to), township for a township officer, school for a principal,
    `assigned_schools` for an inspector or assigned cadre (包校干部)."""

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
        needed = {
            Role.COUNTY_ADMIN: ("county", self.county_id),
            Role.TOWNSHIP_OFFICER: ("township", self.township_id),
            Role.PRINCIPAL: ("school", self.school_id),
            Role.INSPECTOR: ("county", self.county_id),
        }.get(self.role)
        if needed and needed[1] is None:
            raise ValidationError({needed[0]: _("该角色必须设置此项")})

    @property
    def scope_label(self) -> str:
        if self.role == Role.PRINCIPAL and self.school:
            return self.school.name
        if self.role == Role.TOWNSHIP_OFFICER and self.township:
            return self.township.name
        if self.county:
            return self.county.name
        return ""
