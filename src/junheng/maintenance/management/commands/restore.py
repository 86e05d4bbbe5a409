from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from junheng.maintenance.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "Replace the database and uploaded files with those of a backup archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive: Path, yes: bool = False, **options) -> None:
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 / no such file: {archive}")
        if not yes:
            answer = input("这将替换当前全部数据 / this replaces all current data. 继续 (yes/no)? ")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消 / cancelled")
        try:
            counts = restore_backup(archive)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已恢复 / restored: {counts['objects']} objects, {counts['media_files']} files"
        )
