from django.apps import AppConfig
from django.urls import reverse

from workshops.activities import Activity


class ArrangementsConfig(AppConfig):
    name = "arrangements"

    def open_activities(self, cohort, participant=None) -> list[Activity]:
        from arrangements.models import SessionRelease

        if not SessionRelease.objects.filter(session__cohort=cohort).exists():
            return []
        return [
            Activity(
                title="Agenda and materials",
                description="The plan for each session, and the slides and handouts to keep.",
                url=reverse("arrangements:participant_sessions", args=[cohort.join_code]),
                action="See the agenda and materials",
            )
        ]

    def cohort_section(self, request, cohort):
        from arrangements.sections import cohort_section

        return cohort_section(request, cohort)

    def cohort_duplicated(self, source, cohort):
        """The copy's sessions get the agendas of the source's same parts; materials stay behind."""
        from arrangements.models import AgendaItem

        session_of = {session.part: session for session in cohort.sessions.all()}
        AgendaItem.objects.bulk_create(
            AgendaItem(
                session=session_of[item.session.part],
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                title=item.title,
                details=item.details,
            )
            for item in AgendaItem.objects.filter(session__cohort=source).select_related("session")
            if item.session.part in session_of
        )

    def load_demo(self, *, today, out):
        from arrangements import demo

        demo.load(today=today, out=out)
