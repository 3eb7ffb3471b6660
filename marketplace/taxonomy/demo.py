from django.core.management import call_command


def seed(ctx) -> None:
    call_command("load_taxonomies", stdout=ctx.stdout)
