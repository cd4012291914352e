from django.db import migrations

FACILITATORS = "Facilitators"
PROGRAMME_LEADS = "Programme leads"

QI_WORKSHOP = {
    "slug": "using-qi-to-tackle-inequity",
    "title": "Using QI to Tackle Inequity",
    "summary": (
        "A short, practical course for NHS and care teams: what equity is, what Quality "
        "Improvement is, and how to use QI tools to narrow unfair gaps in health outcomes."
    ),
}
QI_AIMS = [
    "Understand what inequality and equity are, and how they apply to my work",
    "Understand what QI is, and the tools and techniques useful for tackling inequity",
    "Understand how to use QI to tackle inequity in my work",
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (FACILITATORS, PROGRAMME_LEADS):
        Group.objects.get_or_create(name=name)
    Workshop = apps.get_model("workshops", "Workshop")
    LearningAim = apps.get_model("workshops", "LearningAim")
    workshop, created = Workshop.objects.get_or_create(slug=QI_WORKSHOP["slug"], defaults=QI_WORKSHOP)
    if created:
        for position, text in enumerate(QI_AIMS, start=1):
            LearningAim.objects.create(workshop=workshop, position=position, text=text)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[FACILITATORS, PROGRAMME_LEADS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
