from django.core.management.base import BaseCommand, CommandError

from junheng.demo_county import (
    DEMO_SCHOOLS,
    DemoNotAllowed,
    demo_accounts_text,
    load_demo_county,
)


class Command(BaseCommand):
    help = (
        "Load the demo county, three months before its inspection, and its demo accounts "
        "(only with JUNHENG_DEMO=1). Run again, it leaves an existing demo county as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schools",
            type=int,
            default=DEMO_SCHOOLS,
            help=f"schools in the county (at least 10; {DEMO_SCHOOLS} by default)",
        )

    def handle(self, *args, **options) -> None:
        if options["schools"] < 10:
            raise CommandError("--schools must be at least 10")
        try:
            county = load_demo_county(schools=options["schools"])
        except DemoNotAllowed as error:
            raise CommandError(str(error)) from error
        schools = county.schools.compulsory().count()
        others = county.schools.count() - schools
        self.stdout.write(
            f"示范县 / demo county: {county}（义务教育学校 {schools} 所 / compulsory schools，"
            f"另有幼儿园、高中 {others} 所 / kindergartens and senior highs）\n"
            f"{demo_accounts_text()}"
        )
