from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments import services
from commitments.models import Commitment


def masked(email: str) -> str:
    """Enough of an address to recognise it in a log, not enough to harvest it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


class Command(BaseCommand):
    help = (
        "Email every participant whose commitment is due for follow-up a private link to update it. "
        "Run daily; running it twice sends nothing twice (one email per commitment and due date)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        if dry_run:
            due = list(Commitment.objects.needing_a_reminder(today))
            for commitment in due:
                self.stdout.write(f"Would send: {self._describe(commitment, commitment.email)}")
            self.stdout.write(f"{len(due)} reminder(s) due; nothing sent (dry run).")
            return
        outcomes = services.reminders_send(today=today, site_url=settings.SITE_URL)
        sent = [outcome for outcome in outcomes if outcome.reminder]
        failed = [outcome for outcome in outcomes if not outcome.reminder]
        for outcome in sent:
            self.stdout.write(f"Sent: {self._describe(outcome.commitment, outcome.reminder.sent_to)}")
        for outcome in failed:
            self.stderr.write(f"Not sent: {self._describe(outcome.commitment, outcome.commitment.email)}")
            self.stderr.write(f"  {outcome.error}")
        if sent:
            self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)} reminder(s)."))
        elif not failed:
            self.stdout.write("No reminders to send today.")
        if failed:
            raise CommandError(f"{len(failed)} reminder(s) could not be sent; the next run tries them again.")

    @staticmethod
    def _describe(commitment, email: str) -> str:
        return (
            f"commitment {commitment.pk} ({commitment.cohort.name}), "
            f"due {commitment.due_date:%-d %b %Y}, to {masked(email)}"
        )
