from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safeguards import services


class Command(BaseCommand):
    help = (
        "Remove participants' email addresses, names on the wall, respondent keys and “about you” "
        "answers from cohorts that ended before --older-than (default 18m, as the privacy page "
        "promises). Keeps what reports need, counting “about you” answers into anonymous group totals "
        "first. Safe to run again: a second run finds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            default=services.DEFAULT_AGE,
            help="How long ago a cohort must have ended: 18m (months), 2y (years) or 90d (days).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would go; change nothing.")

    def handle(self, *args, older_than: str, dry_run: bool = False, **options):
        try:
            cutoff = services.cutoff_date(older_than, timezone.localdate())
        except ValueError as error:
            raise CommandError(str(error)) from error
        verb = "Would remove" if dry_run else "Removed"
        outcomes = services.personal_data_purge(cutoff=cutoff, dry_run=dry_run)
        purged = [outcome for outcome in outcomes if outcome.anything]
        for outcome in purged:
            cohort = outcome.cohort
            self.stdout.write(
                f"{cohort.name} ({cohort.slug}, ended {cohort.ended_on:%-d %B %Y}): "
                f"{verb.lower()} {outcome.describe()}."
            )
        if not purged:
            self.stdout.write(
                f"Nothing to remove: {len(outcomes)} cohort(s) ended before {cutoff:%-d %B %Y}, "
                "and none holds personal data any more."
            )
            return
        total = services.CohortPurge(
            cohort=None,
            emails=sum(o.emails for o in purged),
            names=sum(o.names for o in purged),
            keys=sum(o.keys for o in purged),
            about_you=sum(o.about_you for o in purged),
        )
        ending = " Nothing was changed (dry run)." if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} from {len(purged)} cohort(s) that ended before {cutoff:%-d %B %Y}: "
                f"{total.describe()}.{ending}"
            )
        )
