import secrets

from django.db import migrations, models

import tinget.registrations.models


def give_every_registration_a_join_token(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    batch = []
    for registration in Registration.objects.filter(join_token__isnull=True).only("pk"):
        registration.join_token = secrets.token_urlsafe(24)
        batch.append(registration)
        if len(batch) >= 500:
            Registration.objects.bulk_update(batch, ["join_token"])
            batch = []
    Registration.objects.bulk_update(batch, ["join_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_privacy_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="join_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_every_registration_a_join_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="join_token",
            field=models.CharField(
                default=tinget.registrations.models.new_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="join_opened_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="first opened the join link"
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="join_opened_count",
            field=models.PositiveIntegerField(
                default=0, verbose_name="times the join link was opened"
            ),
        ),
    ]
