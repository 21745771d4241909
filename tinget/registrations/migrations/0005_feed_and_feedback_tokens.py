import secrets

from django.db import migrations, models

import tinget.registrations.models

FIELDS = ("feed_token", "feedback_token")


def give_every_registration_its_own_tokens(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    batch = []
    for registration in Registration.objects.only("pk"):
        for name in FIELDS:
            setattr(registration, name, secrets.token_urlsafe(24))
        batch.append(registration)
        if len(batch) >= 500:
            Registration.objects.bulk_update(batch, FIELDS)
            batch = []
    Registration.objects.bulk_update(batch, FIELDS)


def _unique(name):
    return migrations.AlterField(
        model_name="registration",
        name=name,
        field=models.CharField(
            default=tinget.registrations.models.new_token,
            editable=False,
            max_length=64,
            unique=True,
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0004_join_link"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name="registration",
                name=name,
                field=models.CharField(editable=False, max_length=64, null=True),
            )
            for name in FIELDS
        ],
        migrations.RunPython(give_every_registration_its_own_tokens, migrations.RunPython.noop),
        *[_unique(name) for name in FIELDS],
    ]
