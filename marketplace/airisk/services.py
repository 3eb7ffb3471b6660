"""Writes: questionnaire versions, classifications (start, answer, classify, checklist), review requests.

Owners (members of the enterprise or vendor) write their classifications; the consultant asked
decides a review request. Outsiders get "not found" (404), so they cannot learn that a record exists.
Every state change goes through `CLASSIFICATION_WORKFLOW` (compare-and-swap, audit record).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Solution, Vendor
from catalogue.selectors import vendor_is_member
from marketplace.core.audit import audit_record
from marketplace.core.locks import lock_row
from marketplace.core.transitions import transition
from marketplace.core.versions import freeze_version
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprise_is_member

from . import rules, selectors
from .errors import (
    ClassificationChanged,
    ClassificationIncomplete,
    ClassificationLocked,
    ClassificationNotFound,
    ClassificationTransitionRefused,
    InvalidAnswers,
    InvalidClassification,
    QuestionnaireUnavailable,
    ReviewerNotEligible,
    ReviewRequestNotFound,
)
from .models import (
    CLASSIFICATION_WORKFLOW,
    CLASSIFY,
    DECIDE,
    DECLINE,
    REOPEN,
    REQUEST_REVIEW,
    WITHDRAW,
    Classification,
    ClassificationStatus,
    QuestionnaireVersion,
    ReviewRequest,
    ReviewStatus,
    RiskClass,
)

NAME_MAX, DESCRIPTION_MAX, MESSAGE_MAX = 200, 2000, 2000
NOTE_MIN, NOTE_MAX = 10, 2000

ANSWER_MESSAGES = {
    "unknown_question": gettext_lazy("This question is not in the questionnaire."),
    "unknown_option": gettext_lazy("Choose one of the options shown."),
    "choose_one_or_more": gettext_lazy("Choose one or more options."),
    "exclusive_combined": gettext_lazy("“None” cannot be combined with another option."),
    "not_a_mapping": gettext_lazy("Send the answers as an object of question codes."),
}

# ---- questionnaire versions -----------------------------------------------------------------


def questionnaire_version_current(*, content: dict | None = None) -> QuestionnaireVersion:
    """The frozen version of `content` (the data file by default), created on first use.

    Identified by the content's checksum: editing the file yields a new version the next time a
    classification starts, and earlier versions (with the classifications on them) never change."""
    content = content if content is not None else rules.read_file()
    rules.validate(content)
    version = freeze_version(QuestionnaireVersion, scope={"code": content["code"]}, content=content)
    if version is not None:
        return version
    raise QuestionnaireUnavailable()


# ---- classifications ------------------------------------------------------------------------


def _clean_text(value: Any, *, field: str, maximum: int, required: bool, message: str) -> str:
    text = (value if isinstance(value, str) else "").strip()
    if (required and not text) or len(text) > maximum:
        raise InvalidClassification(message, fields={field: [message]})
    return text


def _require_owner(classification: Classification, user) -> None:
    if not selectors.is_owner(classification=classification, user=user):
        raise ClassificationNotFound()


def _locked(classification: Classification) -> Classification:
    return lock_row(Classification.objects.select_related("version"), classification.pk)


@transaction.atomic
def classification_start(
    *,
    user,
    name: str,
    description: str = "",
    enterprise: Enterprise | None = None,
    vendor: Vendor | None = None,
    solution: Solution | None = None,
    content: dict | None = None,
) -> Classification:
    """Start classifying an AI system for one enterprise or one vendor (and one of its AI solutions)."""
    name = _clean_text(
        name,
        field="name",
        maximum=NAME_MAX,
        required=True,
        message=_("Name the AI system (at most %(max)d characters).") % {"max": NAME_MAX},
    )
    description = _clean_text(
        description,
        field="description",
        maximum=DESCRIPTION_MAX,
        required=False,
        message=_("Describe the system in at most %(max)d characters.") % {"max": DESCRIPTION_MAX},
    )
    if solution is not None and vendor is None:
        vendor = solution.vendor
    if (enterprise is None) == (vendor is None):
        message = _("Choose the enterprise or the vendor the system belongs to.")
        raise InvalidClassification(message, fields={"owner": [message]})
    if enterprise is not None and not enterprise_is_member(enterprise=enterprise, user=user):
        message = _("You are not a member of this enterprise.")
        raise InvalidClassification(message, fields={"owner": [message]})
    if vendor is not None and not vendor_is_member(vendor=vendor, user=user):
        message = _("You are not a member of this vendor.")
        raise InvalidClassification(message, fields={"owner": [message]})
    if solution is not None and (solution.vendor_id != vendor.pk or not solution.is_ai):
        message = _("Choose one of your own solutions marked as using AI in the catalogue.")
        raise InvalidClassification(message, fields={"solution": [message]})
    classification = Classification.objects.create(
        enterprise=enterprise,
        vendor=vendor,
        solution=solution,
        name=name,
        description=description,
        version=questionnaire_version_current(content=content),
        created_by=user,
    )
    audit_record(
        subject=classification, actor=user, action="classification.start", to_state=ClassificationStatus.DRAFT
    )
    return classification


def _answer_errors(error: rules.AnswerError) -> InvalidAnswers:
    return InvalidAnswers(
        fields={code: [str(ANSWER_MESSAGES.get(key, key))] for code, key in error.fields.items()}
    )


@transaction.atomic
def classification_answer(*, classification: Classification, user, answers: Any) -> Classification:
    """Save some answers (one step, or all); other answers are kept. Answering again after the
    result moves the classification back to draft: the result is computed anew."""
    _require_owner(classification, user)
    locked = _locked(classification)
    if locked.status in (ClassificationStatus.REVIEW_REQUESTED, ClassificationStatus.REVIEWED):
        raise ClassificationLocked()
    try:
        clean = rules.clean_answers(locked.version.content, answers)
    except rules.AnswerError as error:
        raise _answer_errors(error) from error
    if locked.status == ClassificationStatus.PROVISIONAL:
        transition(
            locked,
            workflow=CLASSIFICATION_WORKFLOW,
            action=REOPEN,
            actor=user,
            changes={"provisional_class": "", "reasons": [], "flags": [], "obligations": []},
            invalid_error=ClassificationTransitionRefused,
            conflict_error=ClassificationChanged,
        )
        # the CheckConstraint allows an empty class only in draft: the row is draft again now
    locked.answers = {**locked.answers, **clean}
    locked.save(update_fields=["answers", "updated_at"])
    return locked


@transaction.atomic
def classification_classify(*, classification: Classification, user) -> Classification:
    """Compute and store the provisional class with its reasons and obligations (from the frozen version)."""
    _require_owner(classification, user)
    locked = _locked(classification)
    content = locked.version.content

    missing = rules.unanswered(content, locked.answers)

    def complete(_state: str) -> None:
        if missing:
            raise ClassificationIncomplete(
                _("%(count)d questions are not answered yet.") % {"count": len(missing)},
                fields={"unanswered": missing},
            )

    changes: dict[str, Any] = {"classified_by": user, "classified_at": timezone.now()}
    if not missing:
        outcome = rules.evaluate(content, locked.answers)
        changes.update(
            provisional_class=outcome.risk_class,
            reasons=outcome.reasons,
            flags=outcome.flags,
            obligations=outcome.obligations,
        )
    transition(
        locked,
        workflow=CLASSIFICATION_WORKFLOW,
        action=CLASSIFY,
        actor=user,
        changes=changes,
        data={"class": changes.get("provisional_class", ""), "version": locked.version.number},
        guard=complete,
        invalid_error=ClassificationTransitionRefused,
        conflict_error=ClassificationChanged,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def classification_check(*, classification: Classification, user, done: list[str]) -> Classification:
    """Tick the obligations the owner has met (`done` lists their codes; the others are unticked)."""
    _require_owner(classification, user)
    locked = _locked(classification)
    if locked.status == ClassificationStatus.DRAFT:
        raise ClassificationTransitionRefused(_("Get the result first: the checklist comes with it."))
    known = {row["code"] for row in locked.obligations}
    if (
        not isinstance(done, list | tuple)
        or not all(isinstance(code, str) for code in done)
        or set(done) - known
    ):
        message = _("Tick only the obligations on this checklist.")
        raise InvalidClassification(message, fields={"done": [message]})
    locked.obligations = [{**row, "done": row["code"] in done} for row in locked.obligations]
    locked.save(update_fields=["obligations", "updated_at"])
    return locked


# ---- review requests -------------------------------------------------------------------------


@transaction.atomic
def review_request(
    *, classification: Classification, user, consultant_id: Any, message: str = ""
) -> ReviewRequest:
    """Ask a certified consultant with AI expertise to review the provisional class."""
    _require_owner(classification, user)
    try:
        consultant_pk = int(consultant_id)
    except (TypeError, ValueError):
        consultant_pk = 0
    consultant = selectors.reviewer_get(consultant_pk) if 0 < consultant_pk < 2**62 else None
    if consultant is None:
        raise ReviewerNotEligible(fields={"consultant": [str(ReviewerNotEligible.default_message)]})
    message = _clean_text(
        message,
        field="message",
        maximum=MESSAGE_MAX,
        required=False,
        message=_("Write at most %(max)d characters.") % {"max": MESSAGE_MAX},
    )
    locked = _locked(classification)
    transition(
        locked,
        workflow=CLASSIFICATION_WORKFLOW,
        action=REQUEST_REVIEW,
        actor=user,
        data={"consultant": consultant.pk},
        invalid_error=ClassificationTransitionRefused,
        conflict_error=ClassificationChanged,
    )
    return ReviewRequest.objects.create(
        classification=locked,
        consultant=consultant,
        message=message,
        requested_by=user,
        class_before=locked.provisional_class,
    )


def _close(review: ReviewRequest, *, status: str, user, **changes: Any) -> ReviewRequest:
    updated = ReviewRequest.objects.filter(pk=review.pk, status=ReviewStatus.REQUESTED).update(
        status=status, decided_by=user, decided_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ClassificationChanged(_("Someone else changed this first. Reload the page and try again."))
    review.refresh_from_db()
    return review


@transaction.atomic
def review_withdraw(*, classification: Classification, user) -> ReviewRequest:
    """The owner takes the request back (e.g. to correct an answer) before the consultant decides."""
    _require_owner(classification, user)
    locked = _locked(classification)
    review = selectors.open_review(locked)
    if review is None:
        raise ClassificationTransitionRefused(_("No review is waiting for this classification."))
    transition(
        locked,
        workflow=CLASSIFICATION_WORKFLOW,
        action=WITHDRAW,
        actor=user,
        invalid_error=ClassificationTransitionRefused,
        conflict_error=ClassificationChanged,
    )
    return _close(review, status=ReviewStatus.WITHDRAWN, user=user)


def _require_reviewer(review: ReviewRequest, user) -> None:
    if not getattr(user, "is_authenticated", False) or review.consultant.user_id != user.pk:
        raise ReviewRequestNotFound()


def _clean_note(note: Any) -> str:
    text = (note if isinstance(note, str) else "").strip()
    if not NOTE_MIN <= len(text) <= NOTE_MAX:
        message = _("Explain your decision in %(min)d to %(max)d characters.") % {
            "min": NOTE_MIN,
            "max": NOTE_MAX,
        }
        raise InvalidClassification(message, fields={"note": [message]})
    return text


@transaction.atomic
def review_decide(*, review: ReviewRequest, user, risk_class: Any, note: Any) -> ReviewRequest:
    """The consultant asked confirms the provisional class or changes it, with a note. Recorded: who, when."""
    _require_reviewer(review, user)
    if risk_class not in RiskClass.values:
        message = _("Choose low, medium or high risk.")
        raise InvalidClassification(message, fields={"risk_class": [message]})
    note = _clean_note(note)
    locked = _locked(review.classification)
    if review.classification_id != locked.pk or review.status != ReviewStatus.REQUESTED:
        raise ClassificationTransitionRefused(_("This review request is already closed."))
    transition(
        locked,
        workflow=CLASSIFICATION_WORKFLOW,
        action=DECIDE,
        actor=user,
        reason=note,
        changes={"final_class": risk_class},
        data={"class": risk_class, "provisional_class": locked.provisional_class, "review": review.pk},
        invalid_error=ClassificationTransitionRefused,
        conflict_error=ClassificationChanged,
    )
    status = ReviewStatus.CONFIRMED if risk_class == locked.provisional_class else ReviewStatus.CHANGED
    return _close(review, status=status, user=user, decided_class=risk_class, note=note)


@transaction.atomic
def review_decline(*, review: ReviewRequest, user, note: Any) -> ReviewRequest:
    """The consultant declines (outside their competence, no time); the owner may ask someone else."""
    _require_reviewer(review, user)
    note = _clean_note(note)
    locked = _locked(review.classification)
    if review.status != ReviewStatus.REQUESTED:
        raise ClassificationTransitionRefused(_("This review request is already closed."))
    transition(
        locked,
        workflow=CLASSIFICATION_WORKFLOW,
        action=DECLINE,
        actor=user,
        reason=note,
        invalid_error=ClassificationTransitionRefused,
        conflict_error=ClassificationChanged,
    )
    return _close(review, status=ReviewStatus.DECLINED, user=user, note=note)
