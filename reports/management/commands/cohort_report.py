import json

from django.core.management.base import BaseCommand, CommandError

from reports import cohort as reports
from workshops.models import Cohort


class Command(BaseCommand):
    help = (
        "Print a cohort report's figures for scripts: one record per survey item, for all respondents "
        "and for each group people told us about (small groups hidden, as on the report page)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cohort_slug", help="The cohort's short name, as in its page's address.")
        parser.add_argument(
            "--format", choices=["json", "csv"], default="json", help="json (the default) or csv."
        )

    def handle(self, *args, cohort_slug, format="json", **options):
        from reports import exports  # pandas, for this command and the export views only
        from reports.files import to_csv

        cohort = Cohort.objects.select_related("workshop").filter(slug=cohort_slug).first()
        if cohort is None:
            raise CommandError(f"No cohort “{cohort_slug}”.")
        report = reports.cohort_report(cohort)
        frame = exports.figures_frame(report)
        if format == "csv":
            self.stdout.write(to_csv(frame).decode("utf-8-sig"), ending="")
            return
        document = {
            "cohort": {"slug": cohort.slug, "name": cohort.name, "organisation": cohort.organisation},
            "figures": json.loads(frame.to_json(orient="records", force_ascii=False)),
            "comments": [{"survey": comment.phase, "text": comment.text} for comment in report.comments],
        }
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
