from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def commitment_section(self, request, commitment):
        """The follow-up page's part about the QI project a project idea became, or can become."""
        from projects.sections import commitment_section

        return commitment_section(request, commitment)

    def load_demo(self, *, today, out):
        from projects import demo

        demo.load(today=today, out=out)
