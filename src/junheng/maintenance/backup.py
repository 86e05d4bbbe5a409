"""One archive holds everything: the database as Django fixtures and the uploaded files.

The format does not depend on the database engine, so a backup taken from SQLite restores into
PostgreSQL and back. For large PostgreSQL installations `pg_dump` is faster; see README.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import management, serializers
from django.db import connection, transaction

FORMAT = 1
DATA_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"
EXACT_JSON = "json-exact"  # JSON with times to the microsecond (exact_json.py)
# Sessions and lock-out counters are transient; content types and permissions are recreated.
# Background jobs and their queue are transient too (a job's result can be made again).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "jobs",
    "django_tasks_database",
]


class RestoreError(Exception):
    pass


def create_backup(target: Path) -> Path:
    """Write the archive to `target` (a .tar.gz) and return it."""
    buffer = io.StringIO()
    serializers.register_serializer(EXACT_JSON, "junheng.maintenance.exact_json")
    management.call_command(
        "dumpdata",
        format=EXACT_JSON,
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=False,
        indent=None,
        stdout=buffer,
    )
    data = buffer.getvalue().encode("utf-8")
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": FORMAT,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "engine": connection.vendor,
        "media_files": len(files),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest).encode())
        _add_bytes(archive, DATA_MEMBER, data)
        for path in files:
            archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media).as_posix())
    partial.replace(target)
    return target


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


def restore_backup(source: Path) -> dict[str, int]:
    """Replace the database's contents and the uploaded files with the archive's."""
    with tarfile.open(source, "r:gz") as archive:
        names = archive.getnames()
        if MANIFEST_MEMBER not in names or DATA_MEMBER not in names:
            raise RestoreError(f"{source} 不是均衡的备份文件 / not a Junheng backup")
        manifest = json.loads(archive.extractfile(MANIFEST_MEMBER).read())
        if manifest.get("format") != FORMAT:
            raise RestoreError(f"不支持的备份格式 / unsupported backup format {manifest!r}")
        data = archive.extractfile(DATA_MEMBER).read()
        media_members = [m for m in archive.getmembers() if m.name.startswith(MEDIA_PREFIX)]
        for member in media_members:
            relative = PurePosixPath(member.name[len(MEDIA_PREFIX) :])
            if not member.isfile() or relative.is_absolute() or ".." in relative.parts:
                raise RestoreError(f"备份中有不安全的路径 / unsafe path in backup: {member.name}")
        # a name of its own: two restores (or test workers) never share the file
        with tempfile.NamedTemporaryFile(
            dir=settings.DATA_DIR, prefix="restore-", suffix=".json", delete=False
        ) as handle:
            handle.write(data)
        fixture = Path(handle.name)
        try:
            with transaction.atomic(), _timestamps_as_stored():
                management.call_command("flush", interactive=False, verbosity=0)
                management.call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        media = Path(settings.MEDIA_ROOT)
        for member in media_members:
            destination = media / member.name[len(MEDIA_PREFIX) :]
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.extractfile(member).read())
    _reset_sequences()
    _prepare_static_files()
    return {"objects": len(json.loads(data)), "media_files": len(media_members)}


@contextmanager
def _timestamps_as_stored() -> Iterator[None]:
    """`auto_now` / `auto_now_add` fields would take the time of the restore when the rows are
    saved again: while loading, they keep the archive's values (who did what when stays
    true)."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _now, _add in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, add in stamped:
            field.auto_now, field.auto_now_add = now, add


def _prepare_static_files() -> None:
    """A restore onto a new machine (an empty data directory) must serve at once: the pages
    need the collected static files and their manifest, so collect them when it is missing."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest is not None and not staticfiles_storage.exists(manifest):
        management.call_command("collectstatic", interactive=False, verbosity=0)


def _reset_sequences() -> None:
    """PostgreSQL keeps id sequences apart from the rows: move them past the restored ids."""
    if connection.vendor != "postgresql":
        return
    models = [m for m in apps.get_models() if m._meta.managed]
    statements = connection.ops.sequence_reset_sql(management.color.no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
