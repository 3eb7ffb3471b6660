from django.db import migrations


def load(apps, schema_editor):
    from marketplace.taxonomy import loader

    loader.load_languages(apps.get_model("taxonomy", "Language"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_language")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
