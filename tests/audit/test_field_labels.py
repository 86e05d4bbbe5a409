"""Every field a service records in the audit trail has a label (`audit.fields.field_label`), so
the history reads 「在园幼儿数（人） 1200 → 1250」, never a raw key: here the writes the demo
county does not make (a warning's 说明, the document settings); the demo's own entries in
test_demo_field_labels.py."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from factories import figures_for
from junheng.audit.fields import field_label
from junheng.audit.models import AuditEntry
from junheng.audit.selectors import FIELDS, history_line
from junheng.bulletins.selectors import default_settings
from junheng.bulletins.services import document_settings_update
from junheng.collection import services as collection
from junheng.collection.models import SchoolYear


@pytest.fixture(autouse=True)
def chinese():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def unlabelled(entries: list[AuditEntry]) -> set[tuple[str, str]]:
    """Each (object type, key) recorded at the top of a before or after that nothing names."""
    found = {
        (entry.object_type, key)
        for entry in entries
        for snapshot in (entry.before, entry.after)
        if isinstance(snapshot, dict)
        for key in snapshot
    }
    return {(kind, key) for kind, key in found if field_label(kind, key, FIELDS) is None}


def test_a_key_nothing_names_is_found():
    entry = AuditEntry(object_type="rectification.Problem", before=None, after={"colour": "红"})
    assert unlabelled([entry]) == {("rectification.Problem", "colour")}


def test_the_notes_of_warnings_and_the_document_settings_are_labelled(world):
    record = SchoolYear.objects.get(school=world.school, year=2025)
    collection.school_year_save(
        actor=world.principal,
        school=world.school,
        year=2025,
        figures=figures_for(world.school, primary_students=700, primary_classes=10),
        expected_version=record.version,
        notes={"class_size:primary": "核实无误"},
    )
    values = {**default_settings(world.county).snapshot(), "printer": "示例县教育局办公室"}
    document_settings_update(actor=world.county_admin, county=world.county, values=values)
    document_settings_update(
        actor=world.county_admin, county=world.county, values={**values, "copies": 30}
    )

    entries = list(AuditEntry.objects.all())
    assert unlabelled(entries) == set()
    notes = AuditEntry.objects.get(object_type="collection.SchoolYear", action="change")
    labels = [str(change.label) for change in history_line(notes).changes]
    assert "数据说明" in labels and "warning_notes" not in labels
    settings_change = AuditEntry.objects.filter(object_type="bulletins.DocumentSettings").latest(
        "pk"
    )
    assert "共印份数" in [str(c.label) for c in history_line(settings_change).changes]
