"""The exemplary designation's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import DesignationStatus as S

WITHDRAW = "exemplary.withdraw"
REDESIGNATE = "exemplary.redesignate"
DESIGNATE = "exemplary.designate"  # the first designation creates the row (audited the same way)

DESIGNATION_WORKFLOW = Workflow(
    noun=_("designation"),
    states=S.choices,
    transitions=[
        Transition(WITHDRAW, sources={S.DESIGNATED}, target=S.WITHDRAWN, label=_("withdrawn")),
        Transition(REDESIGNATE, sources={S.WITHDRAWN}, target=S.DESIGNATED, label=_("designated again")),
    ],
)
