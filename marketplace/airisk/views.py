"""AI risk-classification pages: the owner answers a few short steps, reads the provisional class with
its reasons and obligations, asks a certified consultant to review it; the consultant decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError
from marketplace.core.pages import error_status, form_errors, post_action
from marketplace.facilities import selectors as facility_selectors
from marketplace.facilities.models import FacilityKind

from . import rules, selectors, services
from .errors import ClassificationNotFound
from .forms import ChecklistForm, DecideForm, DeclineForm, ReviewAskForm, StartForm, StepForm, localised
from .models import ClassificationStatus, ReviewStatus


def _officer_context(request) -> dict:
    if not is_officer(request.user):
        return {}
    wanted = request.GET.get("status", "")
    if wanted not in ClassificationStatus.values:
        wanted = ""
    counts = selectors.status_counts()
    return {
        "officer_view": True,
        "officer_status": wanted,
        "officer_states": [
            (value, label, counts.get(value, 0)) for value, label in ClassificationStatus.choices
        ],
        "officer_rows": selectors.classifications_for_officers(status=wanted)[:100],
    }


@login_required
def mine(request):
    user = request.user
    owners = selectors.owners_of(user)
    return render(
        request,
        "airisk/mine.html",
        {
            "classifications": selectors.classifications_owned_by(user).order_by("-updated_at", "-pk"),
            "can_start": bool(owners["enterprises"] or owners["vendors"]),
            "review_requests": selectors.review_requests_for(user).order_by("-requested_at", "-pk")[:100],
            **_officer_context(request),
        },
    )


@login_required
def start(request):
    user = request.user
    owners = selectors.owners_of(user)
    solutions = list(selectors.ai_solutions_of(user))
    if not owners["enterprises"] and not owners["vendors"]:
        messages.error(
            request, _("Register your enterprise or your vendor first: a classification belongs to one.")
        )
        return redirect("airisk:mine")
    initial = {}
    wanted_solution = request.GET.get("solution", "")
    if wanted_solution.isdigit() and any(str(s.pk) == wanted_solution for s in solutions):
        initial["owner"] = f"solution:{wanted_solution}"
    form = StartForm(request.POST or None, owners=owners, solutions=solutions, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            kind, _sep, pk = form.cleaned_data["owner"].partition(":")
            target = {
                "enterprise": {e.pk: e for e in owners["enterprises"]},
                "vendor": {v.pk: v for v in owners["vendors"]},
                "solution": {s.pk: s for s in solutions},
            }[kind][int(pk)]
            try:
                classification = services.classification_start(
                    user=user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    **{kind: target},
                )
            except DomainError as exc:
                form_errors(form, exc, request=request)
                status = error_status(exc)
            else:
                return redirect("airisk:step", classification.pk, 1)
        else:
            status = 400
    return render(request, "airisk/start.html", {"form": form}, status=status)


@login_required
def step(request, pk: int, number: int):
    try:
        classification = selectors.classification_owned_get(user=request.user, pk=pk)
    except ClassificationNotFound as exc:
        raise Http404 from exc
    content = classification.version.content
    steps = content["steps"]
    if not 1 <= number <= len(steps):
        raise Http404
    if classification.status in (ClassificationStatus.REVIEW_REQUESTED, ClassificationStatus.REVIEWED):
        messages.info(
            request, _("This classification is with a reviewer or already reviewed: its answers are fixed.")
        )
        return redirect(classification)
    current = steps[number - 1]
    form = StepForm(request.POST or None, content=content, step=current, answers=classification.answers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.classification_answer(
                    classification=classification, user=request.user, answers=form.answers()
                )
                if number < len(steps):
                    return redirect("airisk:step", classification.pk, number + 1)
                services.classification_classify(classification=classification, user=request.user)
            except DomainError as exc:
                form_errors(form, exc, request=request)
                status = error_status(exc)
            else:
                return redirect(classification)
        else:
            status = 400
    return render(
        request,
        "airisk/step.html",
        {
            "classification": classification,
            "form": form,
            "number": number,
            "total": len(steps),
            "title": localised(current, "title"),
            "is_last": number == len(steps),
        },
        status=status,
    )


def _reasons(classification) -> list[dict]:
    content = classification.version.content
    questions = rules.question_index(content)
    rows = []
    for reason in classification.reasons:
        answers = [
            {
                "question": localised(questions[item["question"]], "text")
                if item["question"] in questions
                else "",
                "options": [
                    localised(o, "text")
                    for o in questions.get(item["question"], {}).get("options", [])
                    if o["code"] in item["options"]
                ],
            }
            for item in reason["answers"]
        ]
        rows.append({**reason, "text": localised(reason, "text"), "answer_rows": answers})
    return rows


def _sources(content: dict) -> dict[str, str]:
    return {row["code"]: row["text"] for row in content.get("sources", [])}


@login_required
def detail(request, pk: int):
    user = request.user
    try:
        classification = selectors.classification_get_for(user=user, pk=pk)
    except ClassificationNotFound as exc:
        raise Http404 from exc
    owner = selectors.is_owner(classification=classification, user=user)
    open_review = selectors.open_review(classification)
    reviewer = bool(open_review and open_review.consultant.user_id == user.pk)
    reviewers = list(selectors.reviewers()) if owner else []
    forms = {
        "checklist": ChecklistForm(
            request.POST if request.POST.get("form") == "checklist" else None,
            obligations=classification.obligations,
        ),
        "ask": ReviewAskForm(
            request.POST if request.POST.get("form") == "ask" else None, reviewers=reviewers
        ),
        "decide": DecideForm(
            request.POST if request.POST.get("form") == "decide" else None,
            initial={"risk_class": classification.provisional_class},
        ),
        "decline": DeclineForm(
            request.POST if request.POST.get("form") == "decline" else None, prefix="decline"
        ),
    }

    def back():
        return redirect(classification)

    def checklist():
        if not owner:
            raise ClassificationNotFound()
        if not forms["checklist"].is_valid():
            return None
        services.classification_check(
            classification=classification, user=user, done=forms["checklist"].cleaned_data["done"]
        )
        messages.success(request, _("Checklist saved."))
        return back()

    def ask():
        if not owner:
            raise ClassificationNotFound()
        if not forms["ask"].is_valid():
            return None
        services.review_request(
            classification=classification,
            user=user,
            consultant_id=forms["ask"].cleaned_data["consultant"],
            message=forms["ask"].cleaned_data["message"],
        )
        messages.success(request, _("Review requested: the consultant will confirm or change the class."))
        return back()

    def withdraw():
        services.review_withdraw(classification=classification, user=user)
        messages.success(request, _("Review request withdrawn."))
        return back()

    def decide():
        if not reviewer:
            raise ClassificationNotFound()
        if not forms["decide"].is_valid():
            return None
        services.review_decide(review=open_review, user=user, **forms["decide"].cleaned_data)
        messages.success(request, _("Decision recorded."))
        return back()

    def decline():
        if not reviewer:
            raise ClassificationNotFound()
        if not forms["decline"].is_valid():
            return None
        services.review_decline(review=open_review, user=user, note=forms["decline"].cleaned_data["note"])
        messages.success(request, _("Request declined."))
        return back()

    outcome = post_action(
        request,
        {"checklist": checklist, "ask": ask, "withdraw": withdraw, "decide": decide, "decline": decline},
        forms=forms,
    )
    if outcome.response is not None:
        return outcome.response
    if outcome.status == 404:
        raise Http404
    content = classification.version.content
    return render(
        request,
        "airisk/detail.html",
        {
            "c": classification,
            "content": content,
            "law_name": localised(content["law"], "name"),
            "verification": localised(content["verification"], "note"),
            "sources": _sources(content),
            "reasons": _reasons(classification),
            "obligations": [{**row, "text": localised(row, "text")} for row in classification.obligations],
            "prohibited": "prohibited" in classification.flags,
            "forms": forms,
            "is_owner": owner,
            "is_reviewer": reviewer,
            "has_reviewers": bool(reviewers),
            "open_review": open_review,
            "reviews": selectors.review_requests_of(classification).exclude(status=ReviewStatus.REQUESTED),
            "steps": [localised(s, "title") for s in content["steps"]],
            "editable": owner
            and classification.status in (ClassificationStatus.DRAFT, ClassificationStatus.PROVISIONAL),
            # where the owner can try the system before use: the innovation centres' AI test benches
            "test_benches": list(
                facility_selectors.facilities_public().filter(kind=FacilityKind.AI_TEST_BENCH)[:3]
            )
            if owner
            else [],
        },
        status=outcome.status,
    )
