from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"

    def open_activities(self, cohort, participant=None):
        from evaluations.participation import open_activities

        return open_activities(cohort, participant)

    def cohort_section(self, request, cohort):
        from evaluations.sections import cohort_section

        return cohort_section(request, cohort)

    def cohort_created(self, cohort, *, about_you=True):
        from evaluations import services

        services.surveys_create_for_cohort(cohort=cohort, about_you=about_you)

    def cohort_duplicated(self, source, cohort):
        from evaluations import services

        services.surveys_copy(source=source, cohort=cohort)

    def cohort_records(self, cohort):
        from evaluations.models import Response

        count = Response.objects.filter(survey__cohort=cohort).count()
        return [f"{count} survey response{'s' if count != 1 else ''}"] if count else []

    def load_demo(self, *, today, out):
        from evaluations import demo

        demo.load(today=today, out=out)
