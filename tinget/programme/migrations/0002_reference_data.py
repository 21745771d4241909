from django.db import migrations

from tinget.programme.reference_data import load_reference_data


def forwards(apps, schema_editor):
    load_reference_data(apps.get_model("programme", "SDG"), apps.get_model("programme", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
