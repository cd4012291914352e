import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workshops", "0006_cohorts_into_programmes")]

    operations = [
        migrations.AlterField(
            model_name="cohort",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="cohorts", to="workshops.programme"
            ),
        ),
    ]
