from django.db import migrations


def load(apps, schema_editor):
    from matching import loader

    names = ("CriteriaSet", "Pillar", "Question", "Option", "LevelThreshold")
    models = {name: apps.get_model("matching", name) for name in names}
    models["ExpertiseArea"] = apps.get_model("taxonomy", "ExpertiseArea")
    loader.load_all(models)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial"), ("taxonomy", "0002_load_taxonomies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
