"""Every field the demo county records in the audit trail has a label: its 150 days are
replayed through the services themselves (registry, yearly data, recognition and the 双普
figures, checklists, problems and extension requests, visits, bulletins and notices, surveys,
the self-report), so a service whose snapshot gains an unnamed key fails here."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from audit.test_field_labels import unlabelled
from junheng.audit.models import AuditEntry


@pytest.fixture(scope="module")
def demo_entries(django_db_setup, django_db_blocker) -> Iterator[list[AuditEntry]]:
    """The demo county's audit entries, loaded once for this module and rolled back after."""
    with django_db_blocker.unblock(), override_settings(DEMO=True), transaction.atomic():
        call_command("load_demo", schools=12, stdout=io.StringIO())
        yield list(AuditEntry.objects.all())
        transaction.set_rollback(True)


def test_every_field_the_demo_county_records_has_a_label(demo_entries, db):
    kinds = {entry.object_type for entry in demo_entries}
    assert {
        "recognition.CountyCoverage",
        "recognition.CountyRecognition",
        "surveys.Survey",
    } <= kinds
    assert unlabelled(demo_entries) == set()
