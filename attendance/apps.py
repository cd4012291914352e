from django.apps import AppConfig
from django.urls import reverse

from workshops.activities import Activity


class AttendanceConfig(AppConfig):
    name = "attendance"

    def open_activities(self, cohort, participant=None) -> list[Activity]:
        # `participant` is not used: signing the register never touches the phone's answers.
        from attendance.access import open_sign_in

        sign_in = open_sign_in(cohort)
        if sign_in is None:
            return []
        return [
            Activity(
                title="Sign the register",
                description=f"Put your name on the register for {sign_in.session.display_title}, "
                "for your certificate of attendance.",
                url=reverse("attendance:sign_in", args=[cohort.join_code]),
                action="Sign the register",
            )
        ]

    def cohort_records(self, cohort):
        count = cohort.attendees.count()
        return [f"{count} {'person' if count == 1 else 'people'} on the register"] if count else []

    def cohort_section(self, request, cohort):
        from attendance.sections import cohort_section

        return cohort_section(request, cohort)

    def load_demo(self, *, today, out):
        from attendance import demo

        demo.load(today=today, out=out)
