"""The full demo shows support at every stage, on engagements and on orders: an order amount the
vendor invoiced has its support redeemed against the e-invoice number."""

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.orders.models import AmountDue
from marketplace.vouchers.models import BudgetEntry, Movement

pytestmark = pytest.mark.django_db


def test_the_demo_redeems_support_on_engagements_and_on_invoiced_orders():
    call_command("seed_demo", stdout=StringIO())
    redeemed = BudgetEntry.objects.filter(movement=Movement.REDEEM)
    assert redeemed.filter(payable_key__startswith="engagements.milestone:").exists()
    invoiced = AmountDue.objects.exclude(e_invoice_number="")
    assert invoiced.exists()
    on_orders = redeemed.filter(payable_key__startswith="orders.amountdue:")
    assert on_orders.exists()
    for entry in on_orders:
        amount = AmountDue.objects.get(pk=int(entry.payable_key.split(":")[1]))
        assert entry.evidence == amount.e_invoice_number
    assert BudgetEntry.objects.filter(movement=Movement.DISBURSE).exists()
