from django.db import migrations


def load(apps, schema_editor):
    from marketplace.taxonomy import loader

    # the loaders one by one: load_all also loads languages, whose table comes in 0003
    loader.load_sectors(apps.get_model("taxonomy", "Sector"))
    loader.load_admin_units(apps.get_model("taxonomy", "AdminUnit"))
    loader.load_solution_categories(apps.get_model("taxonomy", "SolutionCategory"))
    loader.load_expertise_areas(apps.get_model("taxonomy", "ExpertiseArea"))
    loader.load_readiness_levels(apps.get_model("taxonomy", "ReadinessLevel"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
