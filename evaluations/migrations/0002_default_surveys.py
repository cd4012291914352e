"""The default surveys of "Using QI to Tackle Inequity" (made by workshops migration 0002).

A new cohort copies them (evaluations.services.surveys_create_for_cohort): the three learning
aims as agreement items before the workshop, after each part but the last, and after the
workshop; and after the workshop also would-recommend, two ratings and a free-text comment. The
`code`s let reports match the same question across a cohort's surveys and across cohorts.
"""

from django.db import migrations

WORKSHOP_SLUG = "using-qi-to-tackle-inequity"


def aims(*, after: bool):
    third = (
        {
            "text": "I have gained an understanding of how to apply QI to tackle inequity in my work",
            "report_label": "gained an understanding of how to apply QI to tackle inequity",
        }
        if after
        else {
            "text": "I understand how to apply QI to tackle inequity in my work",
            "report_label": "understand how to apply QI to tackle inequity",
        }
    )
    return [
        {
            "code": "aim-1",
            "kind": "agreement",
            "text": "I understand what inequality and equity are, and how they apply to my work",
            "report_label": "understand what inequality and equity are",
        },
        {
            "code": "aim-2",
            "kind": "agreement",
            "text": "I understand what QI is, and the tools and techniques useful for tackling inequity",
            "report_label": "understand what QI is",
        },
        {"code": "aim-3", "kind": "agreement", **third},
    ]


AFTER_ONLY = [
    {
        "code": "recommend",
        "kind": "yes_no",
        "text": "I would recommend this training to a colleague",
        "report_label": "would recommend",
    },
    {
        "code": "overall",
        "kind": "rating",
        "text": "Overall, how would you rate the workshop?",
        "report_label": "overall rating",
        "low_label": "poor",
        "high_label": "great",
    },
    {
        "code": "useful",
        "kind": "rating",
        "text": "How useful was the workshop for your work?",
        "report_label": "usefulness",
        "low_label": "not useful at all",
        "high_label": "very useful",
    },
    {
        "code": "comments",
        "kind": "free_text",
        "text": "What did you think?",
        "help_text": "What worked, what could be better, anything else you want to tell us.",
        "report_label": "comments",
    },
]

TEMPLATES = {
    "before": aims(after=False),
    "after-part": aims(after=False),
    "after": [*aims(after=True), *AFTER_ONLY],
}


def create(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    SurveyTemplate = apps.get_model("evaluations", "SurveyTemplate")
    ItemTemplate = apps.get_model("evaluations", "ItemTemplate")
    workshop = Workshop.objects.filter(slug=WORKSHOP_SLUG).first()
    if workshop is None:
        return
    for phase, items in TEMPLATES.items():
        template, created = SurveyTemplate.objects.get_or_create(workshop=workshop, phase=phase)
        if not created:
            continue
        for position, item in enumerate(items, start=1):
            ItemTemplate.objects.create(survey_template=template, position=position, **item)


def remove(apps, schema_editor):
    apps.get_model("evaluations", "SurveyTemplate").objects.filter(workshop__slug=WORKSHOP_SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("workshops", "0002_groups_and_the_workshop"),
    ]

    operations = [migrations.RunPython(create, remove)]
