from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from marketplace.core.demo import DemoContext


class Command(BaseCommand):
    help = "Create realistic Vietnamese demo data. Deterministic (--seed), idempotent, --scale multiplies volumes."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply volumes (benchmarks use large values)"
        )
        parser.add_argument("--only", nargs="*", help="run only these seeder modules")

    def handle(self, *args, seed, scale, only, **options):
        if scale < 1:
            self.stderr.write("--scale must be at least 1")
            return
        ctx = DemoContext(seed=seed, scale=scale, stdout=self.stdout, quiet=options["verbosity"] == 0)
        # The seeders drive the real services, which notify people by e-mail; the demo's people are
        # fictional, so those messages go nowhere instead of filling the console (or a real inbox).
        with override_settings(EMAIL_DELIVERY_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for module_path in settings.DEMO_SEEDERS:
                if only and module_path not in only:
                    continue
                module = import_module(module_path)
                ctx.log(f"· {module_path}")
                with transaction.atomic():
                    module.seed(ctx)
        if ctx.logins and options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("\nDemo log-ins:"))
            for role, email, password in ctx.logins:
                self.stdout.write(f"  {role:<22} {email:<40} {password}")
