"""Backup and restore: the database and the uploaded files come back exactly."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from factories import figures_for
from junheng.audit.models import AuditEntry
from junheng.collection import services
from junheng.collection.models import ImportBatch, SchoolYear
from junheng.maintenance.backup import create_backup, restore_backup
from junheng.registry.models import School


def snapshot() -> dict:
    return {
        "schools": sorted(School.objects.values_list("code", "name", "township__name")),
        "years": sorted(
            (r.school.code, r.year, r.version, tuple(sorted(r.figures().items())))
            for r in SchoolYear.objects.select_related("school")
        ),
        "audit": sorted(
            AuditEntry.objects.values_list("action", "object_id", "actor__username", "comment")
        ),
    }


# A restore flushes and reloads in its own transaction, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_database_and_the_uploaded_files(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.school_year_save(
        actor=world.principal,
        school=world.school,
        year=2025,
        figures=figures_for(world.school, books=15000),
        expected_version=1,
        comment="图书更新",
    )
    batch = ImportBatch(
        created_by=world.county_admin, county=world.county, original_name="学校.xlsx"
    )
    batch.file.save("upload.bin", ContentFile("中文内容".encode()), save=True)
    before = snapshot()
    archive = create_backup(tmp_path / "backup.tar.gz")

    SchoolYear.objects.filter(school=world.school).update(books=1)
    (tmp_path / "media" / batch.file.name).unlink()

    counts = restore_backup(archive)
    assert counts["media_files"] == 1
    assert snapshot() == before
    restored = ImportBatch.objects.get(original_name="学校.xlsx")
    assert restored.file.read().decode() == "中文内容"
    assert SchoolYear.objects.get(school__code=world.school.code, year=2025).books == 15000


@pytest.mark.django_db(transaction=True)
def test_times_survive_a_round_trip_exactly(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.school_year_save(
        actor=world.principal,
        school=world.school,
        year=2025,
        figures=figures_for(world.school, books=15000),
        expected_version=1,
        comment="图书更新",
    )
    stamps = sorted(SchoolYear.objects.values_list("pk", "updated_at"))
    audit_times = sorted(AuditEntry.objects.values_list("pk", "at"))
    archive = create_backup(tmp_path / "backup.tar.gz")
    restore_backup(archive)
    assert sorted(SchoolYear.objects.values_list("pk", "updated_at")) == stamps
    assert sorted(AuditEntry.objects.values_list("pk", "at")) == audit_times
    # and saving afterwards stamps the time again as usual
    record = SchoolYear.objects.get(pk=stamps[0][0])
    record.save()
    record.refresh_from_db()
    assert record.updated_at > stamps[0][1]


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_data_directory_prepares_the_static_files(
    world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    archive = create_backup(tmp_path / "backup.tar.gz")
    restore_backup(archive)
    assert (tmp_path / "static" / "staticfiles.json").is_file()


def test_restoring_something_that_is_not_a_backup_changes_nothing(world, tmp_path):
    import tarfile

    from junheng.maintenance.backup import RestoreError

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    before = snapshot()
    with pytest.raises(RestoreError):
        restore_backup(bogus)
    assert snapshot() == before
