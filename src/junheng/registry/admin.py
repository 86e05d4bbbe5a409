"""The registry in the Django admin: read only, except that the installation's administrator
adds a county there, through `registry.services.county_create` (audited). A school's facts are
corrected on the registry's own page, through `school_update` and its rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from junheng.access import can
from junheng.access.policy import SET_UP
from junheng.refusals import Refusal, refusal_text
from junheng.registry import services
from junheng.registry.models import County, School, Township
from junheng.web.admin import ReadOnlyAdmin


class CountyAddForm(forms.ModelForm):
    class Meta:
        model = County
        fields = ("code", "name", "inspection_date")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                services.county_check(code=data["code"].strip(), name=data["name"].strip())
            except Refusal as error:
                raise forms.ValidationError(refusal_text(error)) from error
        return data


@admin.register(County)
class CountyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "inspection_date")
    form = CountyAddForm

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, SET_UP)

    def save_model(self, request: HttpRequest, obj: County, form: Any, change: bool) -> None:
        county = services.county_create(
            actor=request.user,
            code=obj.code,
            name=obj.name,
            inspection_date=obj.inspection_date,
        )
        obj.pk, obj._state.adding = county.pk, False


@admin.register(Township)
class TownshipAdmin(ReadOnlyAdmin):
    list_display = ("name", "county")
    list_filter = ("county",)


@admin.register(School)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "school_type", "township", "location")
    list_filter = ("county", "school_type", "location")
    search_fields = ("code", "name")
