from django.core.management.base import BaseCommand, CommandError

from junheng.collection.demo import DemoNotAllowed, demo_accounts_text, load_demo_county


class Command(BaseCommand):
    help = "Load the demo county and its demo accounts (only with JUNHENG_DEMO=1)."

    def handle(self, *args, **options) -> None:
        try:
            county = load_demo_county()
        except DemoNotAllowed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"示范县 / demo county: {county}\n{demo_accounts_text()}")
