from django.apps import AppConfig
from django.urls import reverse

from workshops.activities import Activity


class CommitmentsConfig(AppConfig):
    name = "commitments"

    def open_activities(self, cohort, participant=None) -> list[Activity]:
        from commitments.models import CommitmentSettings

        if not CommitmentSettings.of(cohort).accepts_posts():
            return []
        return [
            Activity(
                title="Your commitment",
                description=(
                    "Write one action you will take to identify an equity issue in your work. "
                    "It goes up on the wall."
                ),
                url=reverse("commitments:new", args=[cohort.join_code]),
                action="Write a commitment",
            )
        ]

    def cohort_duplicated(self, source, cohort):
        from commitments.models import CommitmentSettings

        wall = CommitmentSettings.of(source)
        if wall.needs_approval:  # the form itself starts closed, as on any new cohort
            CommitmentSettings.objects.create(cohort=cohort, needs_approval=True)

    def cohort_records(self, cohort):
        count = cohort.commitments.count()
        return [f"{count} commitment{'s' if count != 1 else ''}"] if count else []

    def cohort_section(self, request, cohort):
        from commitments.sections import cohort_section

        return cohort_section(request, cohort)

    def load_demo(self, *, today, out):
        from commitments import demo

        demo.load(today=today, out=out)
