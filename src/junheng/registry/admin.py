from django.contrib import admin

from junheng.registry.models import County, School, Township


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "inspection_date")


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ("name", "county")
    list_filter = ("county",)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "school_type", "township", "location")
    list_filter = ("county", "school_type", "location")
    search_fields = ("code", "name")
