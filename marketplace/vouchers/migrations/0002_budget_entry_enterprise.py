"""Every ledger row naming a voucher carries the voucher's enterprise: the column the programme's
indicator triggers watch (vouchers/indicators.py). Existing rows are filled from their voucher."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_enterprise(apps, schema_editor):
    BudgetEntry = apps.get_model("vouchers", "BudgetEntry")
    Voucher = apps.get_model("vouchers", "Voucher")
    enterprise_of = models.Subquery(Voucher.objects.filter(pk=models.OuterRef("voucher_id")).values("enterprise_id")[:1])
    BudgetEntry.objects.filter(voucher__isnull=False).update(enterprise_id=enterprise_of)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_dx_budget_and_sites"),
        ("vouchers", "0001_schemes_calls_vouchers_ledger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetentry",
            name="enterprise",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enterprises.enterprise",
            ),
        ),
        migrations.AddIndex(
            model_name="budgetentry",
            index=models.Index(fields=["enterprise", "movement"], name="budget_entry_enterprise"),
        ),
        migrations.RunPython(fill_enterprise, migrations.RunPython.noop),
    ]
