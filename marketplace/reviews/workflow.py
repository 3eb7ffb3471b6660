"""The review's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import ReviewStatus as S

HIDE = "review.hide"
RESTORE = "review.restore"

REVIEW_WORKFLOW = Workflow(
    noun=_("review"),
    states=S.choices,
    transitions=[
        # an officer moderates: hidden reviews count nowhere
        Transition(HIDE, sources={S.VISIBLE}, target=S.HIDDEN, label=_("hidden")),
        Transition(RESTORE, sources={S.HIDDEN}, target=S.VISIBLE, label=_("restored")),
    ],
)
