from django.db import migrations


def load(apps, schema_editor):
    from marketplace.taxonomy import loader

    loader.load_all({name: apps.get_model("taxonomy", name) for name in (
        "Sector", "AdminUnit", "SolutionCategory", "ExpertiseArea", "ReadinessLevel",
    )})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
