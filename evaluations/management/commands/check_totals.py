"""python manage.py check_totals: recount the kept totals from the answers and say where they differ."""

from django.core.management.base import BaseCommand

from evaluations import totals


class Command(BaseCommand):
    help = (
        "Recount the totals the reports read (answered, positive and each value given, per item, for "
        "everyone and per group) from the answers, and print every difference; exit status 1 if any. "
        "In cohorts whose personal data was purged only the rows of everyone can be recounted: their "
        "groups' totals must hold at least what the answers still there say."
    )

    def handle(self, *args, **options):
        found = totals.differences()
        purged = totals.purged_cohorts().count()
        note = (
            f" ({purged} purged cohort(s): only their rows of everyone could be recounted in full)"
            if purged
            else ""
        )
        if not found:
            self.stdout.write(self.style.SUCCESS(f"The kept totals equal a recount of the answers{note}."))
            return
        for line in found:
            self.stdout.write(line)
        self.stderr.write(f"{len(found)} kept total(s) differ from a recount of the answers{note}.")
        raise SystemExit(1)
