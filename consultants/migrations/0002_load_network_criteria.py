from django.db import migrations


def load(apps, schema_editor):
    from consultants.loader import load_network_criteria

    load_network_criteria(apps.get_model("consultants", "NetworkCriteria"))


class Migration(migrations.Migration):
    dependencies = [("consultants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
