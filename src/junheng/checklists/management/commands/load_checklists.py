"""Load the national checklists (basic-2012, quality-2017) for a county.

manage.py load_checklists --county 610101
manage.py load_checklists --county 610101 --checklist quality-2017
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from junheng.checklists.models import Checklist
from junheng.checklists.national import BUILTIN
from junheng.checklists.services import checklist_load_builtin
from junheng.refusals import Refusal
from junheng.registry.models import County


class Command(BaseCommand):
    help = "载入国家督导评估指标体系 / load the national checklists for a county"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县代码 (6 digits)")
        parser.add_argument(
            "--checklist",
            action="append",
            choices=BUILTIN,
            help="which checklist (repeatable); all national checklists when omitted",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        county = County.objects.filter(code=options["county"]).first()
        if county is None:
            raise CommandError(f"县代码 {options['county']} 不存在 / no such county")
        for key in options["checklist"] or BUILTIN:
            if Checklist.objects.filter(county=county, key=key).exists():
                self.stdout.write(f"{county.name}: {key} 已存在，跳过 / already loaded")
                continue
            try:
                checklist = checklist_load_builtin(actor=None, county=county, key=key)
            except Refusal as error:
                raise CommandError(error.zh) from None
            self.stdout.write(
                f"{county.name}: 已载入 {checklist.name}（{checklist.items.count()} 项）"
                f" / loaded {key}"
            )
