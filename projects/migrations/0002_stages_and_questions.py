from django.db import migrations


def seed(apps, schema_editor):
    """Idempotent: the tests run it again after a flush (tests/conftest.py)."""
    from projects.seeds import STAGES

    Stage = apps.get_model("projects", "Stage")
    EquityQuestion = apps.get_model("projects", "EquityQuestion")
    for order, (slug, name, questions) in enumerate(STAGES, start=1):
        stage, created = Stage.objects.get_or_create(slug=slug, defaults={"order": order, "name": name})
        if created:
            for number, text in enumerate(questions, start=1):
                EquityQuestion.objects.create(stage=stage, order=number, text=text)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
