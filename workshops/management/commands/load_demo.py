from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from workshops.activities import app_hooks
from workshops.demo import ACCOUNTS, demo_password


class Command(BaseCommand):
    help = "Load the demo: accounts, the BLMK cohorts and their results. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even with DEBUG off (never on a live service)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a live service: the demo adds accounts with a known "
                "password. Run with --force if you really mean it."
            )
        today = timezone.localdate()
        with transaction.atomic():
            # Each app that has demo data gives its AppConfig a load_demo method (docs/adr/0002).
            for load in app_hooks("load_demo"):
                load(today=today, out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password: {demo_password()}):")
        for username, first_name, last_name, group, programmes in ACCOUNTS:
            of = f" of {', '.join(programmes)}" if programmes else ", every programme"
            self.stdout.write(f"  {username:<17} {first_name} {last_name}, {group}{of}")
