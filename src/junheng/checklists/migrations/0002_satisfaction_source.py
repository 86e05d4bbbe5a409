"""The national checklists' satisfaction items (2012 公众满意度 4.1, 2017 社会认可度 4.1, ≥ 85 %:
docs/standards.md §2) name the county survey's rate, as the shipped files now do: counties that
loaded them earlier get the source too. A score already given by hand stays (the re-scores the
data start never overwrite one)."""

from django.db import migrations

SOURCE = "county.satisfaction_rate"
CHECKLISTS = ("basic-2012", "quality-2017")


def name_the_survey(apps, schema_editor):
    Item = apps.get_model("checklists", "ChecklistItem")
    Item.objects.filter(
        checklist__origin="builtin", checklist__key__in=CHECKLISTS, code="4.1", source=""
    ).update(source=SOURCE)


def unname_the_survey(apps, schema_editor):
    Item = apps.get_model("checklists", "ChecklistItem")
    Item.objects.filter(
        checklist__origin="builtin", checklist__key__in=CHECKLISTS, code="4.1", source=SOURCE
    ).update(source="")


class Migration(migrations.Migration):
    dependencies = [("checklists", "0001_initial")]

    operations = [migrations.RunPython(name_the_survey, unname_the_survey)]
