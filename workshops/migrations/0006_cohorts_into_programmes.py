"""Every existing cohort goes into one programme made from its workshop, and every staff member
joins it, so nobody sees less than before; the national leads' group is created."""

from django.conf import settings
from django.db import migrations

FACILITATORS = "Facilitators"
PROGRAMME_LEADS = "Programme leads"
NATIONAL_LEADS = "National leads"


def into_programmes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=NATIONAL_LEADS)
    Cohort = apps.get_model("workshops", "Cohort")
    Programme = apps.get_model("workshops", "Programme")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    staff = User.objects.filter(groups__name__in=[FACILITATORS, PROGRAMME_LEADS]).distinct()
    workshops = apps.get_model("workshops", "Workshop").objects.filter(cohorts__isnull=False).distinct()
    for workshop in workshops:
        programme, _ = Programme.objects.get_or_create(name=workshop.title)
        programme.members.add(*staff)
        Cohort.objects.filter(workshop=workshop, programme__isnull=True).update(programme=programme)


def out_of_programmes(apps, schema_editor):
    apps.get_model("workshops", "Cohort").objects.update(programme=None)
    apps.get_model("auth", "Group").objects.filter(name=NATIONAL_LEADS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0005_programmes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(into_programmes, out_of_programmes)]
