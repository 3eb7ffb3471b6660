import io

import pytest

from consultants.models import ApplicationStatus, CertificationApplication, Consultant, ConsultingFirm
from consultants.selectors import consultants_public
from marketplace.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def run_seed():
    from consultants import demo as consultants_demo
    from marketplace.accounts import demo as accounts_demo

    ctx = DemoContext(seed=2026, scale=1, stdout=io.StringIO(), quiet=True)
    accounts_demo.seed(ctx)
    consultants_demo.seed(ctx)
    return ctx


def test_demo_seeds_every_workflow_state_and_is_idempotent():
    ctx = run_seed()
    assert Consultant.objects.count() >= 30
    assert ConsultingFirm.objects.count() == 5
    states = set(CertificationApplication.objects.values_list("status", flat=True))
    assert states == set(ApplicationStatus.values)
    assert consultants_public().count() > Consultant.objects.count() / 2
    assert all(c.photo for c in Consultant.objects.all())
    assert any(role.startswith("firm admin") for role, _email, _pw in ctx.logins)
    before = Consultant.objects.count()
    run_seed()
    assert Consultant.objects.count() == before
