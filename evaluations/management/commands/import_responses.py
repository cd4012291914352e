from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluations import services
from evaluations.imports import ROW_CONVENTION, ImportRefused
from evaluations.models import Survey


class Command(BaseCommand):
    help = (
        "Import paper or Microsoft Forms responses (CSV or XLSX, one row per respondent) into a "
        "cohort's survey. All or nothing: any bad cell or unknown column imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("cohort_slug", help="The cohort's short name, as in its page's address.")
        parser.add_argument("survey_phase", help="before, after-part-1, after-part-2… or after.")
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an earlier import of the same file (same contents or same name).",
        )

    def handle(self, *args, cohort_slug, survey_phase, file: Path, replace=False, **options):
        survey = (
            Survey.objects.select_related("cohort")
            .filter(cohort__slug=cohort_slug, phase=survey_phase)
            .first()
        )
        if survey is None:
            raise CommandError(f"No survey “{survey_phase}” in a cohort “{cohort_slug}”.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            record = services.responses_import(
                survey=survey, file_name=file.name, content=content, replace=replace
            )
        except ImportRefused as refused:
            if refused.already_imported:
                raise CommandError(f"{refused.problems[0]} (Use --replace.)") from refused
            lines = "\n".join(f"  - {problem}" for problem in refused.problems)
            raise CommandError(
                f"Nothing was imported: the file has {len(refused.problems)} problem(s). "
                f"{ROW_CONVENTION}\n{lines}"
            ) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {record.row_count} responses into “{survey.title}” of {survey.cohort.name}."
            )
        )
        if record.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(record.ignored_columns)}.")
