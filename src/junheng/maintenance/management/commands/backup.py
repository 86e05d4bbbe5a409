from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from junheng.maintenance.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, help="archive path (default: var/backups/…)")

    def handle(self, *args, out: Path | None = None, **options) -> None:
        from django.conf import settings

        target = out or Path(settings.DATA_DIR) / "backups" / (
            f"junheng-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        create_backup(target)
        self.stdout.write(f"备份完成 / backup written: {target}")
