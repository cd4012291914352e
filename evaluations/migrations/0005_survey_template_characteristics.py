"""The workshop's default "before" and "after" surveys ask "About you", behind the consent tick, so
that a new cohort's answers can be broken down by group without anyone looking for the setting."""

from django.db import migrations, models

WORKSHOP_SLUG = "using-qi-to-tackle-inequity"
STANDARD = ["role", "organisation", "ethnic_group", "age_band", "disability"]


def ask(apps, schema_editor):
    SurveyTemplate = apps.get_model("evaluations", "SurveyTemplate")
    SurveyTemplate.objects.filter(workshop__slug=WORKSHOP_SLUG, phase__in=["before", "after"]).update(
        characteristics=STANDARD
    )


def stop_asking(apps, schema_editor):
    apps.get_model("evaluations", "SurveyTemplate").objects.update(characteristics=[])


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0004_group_totals")]

    operations = [
        migrations.AddField(
            model_name="surveytemplate",
            name="characteristics",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Slugs from evaluations.characteristics that a new cohort's copy asks in “About you”.",
                verbose_name="about you questions",
            ),
        ),
        migrations.RunPython(ask, stop_asking),
    ]
