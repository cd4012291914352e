from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"

    def load_demo(self, *, today, out):
        from workshops import demo

        demo.load(today=today, out=out)
