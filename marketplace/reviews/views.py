"""Review pages: the SME writes, everyone reads, the provider replies, officers moderate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Solution
from consultants.models import Consultant
from marketplace.accounts.decorators import officer_required
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_history
from marketplace.core.errors import DomainError
from marketplace.core.pages import form_errors, post_action

from . import selectors, services
from .errors import ReviewNotFound
from .forms import ReasonForm, ReviewForm, TextForm
from .models import DealKind, ReviewStatus, SubjectKind


@login_required
def mine(request):
    return render(
        request,
        "reviews/mine.html",
        {
            "deals": selectors.deals_to_review(request.user),
            "written": selectors.reviews_written_by(request.user),
        },
    )


@login_required
def write(request, kind: str, deal_id: int):
    if kind not in DealKind.values:
        raise Http404
    try:
        deal = selectors.deal_for_review(user=request.user, deal_kind=kind, deal_id=deal_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
        return redirect("reviews:mine")
    form = ReviewForm(request.POST or None, subject_kind=deal.subject_kind)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review = services.review_create(
                    user=request.user,
                    deal_kind=kind,
                    deal_id=deal_id,
                    scores=form.scores(),
                    text=form.cleaned_data["text"],
                )
            except DomainError as exc:
                form_errors(form, exc, request=request)
                status = 409 if exc.status == 409 else 400
            else:
                messages.success(request, _("Thank you: your review is published."))
                return redirect("reviews:detail", review.pk)
        else:
            status = 400
    return render(request, "reviews/write.html", {"deal": deal, "form": form}, status=status)


def subject(request, kind: str, pk: int):
    if kind == SubjectKind.CONSULTANT:
        target = get_object_or_404(Consultant, pk=pk)
        name, url = target.display_name, target.get_absolute_url()
    elif kind == SubjectKind.SOLUTION:
        target = get_object_or_404(Solution, pk=pk)
        name, url = target.name, target.get_absolute_url()
    else:
        raise Http404
    page = Paginator(selectors.reviews_of(kind, pk), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/subject.html",
        {
            "kind": kind,
            "pk": pk,
            "name": name,
            "url": url,
            "page": page,
            "summary": selectors.summary(kind, pk),
        },
    )


def detail(request, pk: int):
    try:
        review = selectors.review_get_for(user=request.user, pk=pk)
    except ReviewNotFound as exc:
        raise Http404 from exc
    user = request.user
    forms = {
        "reply": TextForm(request.POST if request.POST.get("form") == "reply" else None),
        "report": ReasonForm(request.POST if request.POST.get("form") == "report" else None, prefix="report"),
        "hide": ReasonForm(request.POST if request.POST.get("form") == "hide" else None, prefix="hide"),
        "restore": ReasonForm(
            request.POST if request.POST.get("form") == "restore" else None, prefix="restore"
        ),
        "dismiss": ReasonForm(
            request.POST if request.POST.get("form") == "dismiss" else None, prefix="dismiss"
        ),
        "edit": ReviewForm(
            request.POST if request.POST.get("form") == "edit" else None,
            subject_kind=review.subject_kind,
            initial={"text": review.text, **{f"score_{k}": v for k, v in review.scores.items()}},
            prefix="edit",
        ),
    }

    def _back():
        return redirect("reviews:detail", review.pk)

    def reply():
        if not forms["reply"].is_valid():
            return None
        services.review_reply(review=review, user=user, text=forms["reply"].cleaned_data["text"])
        messages.success(request, _("Your reply is published."))
        return _back()

    def report():
        if not forms["report"].is_valid():
            return None
        services.review_report(review=review, user=user, reason=forms["report"].cleaned_data["reason"])
        messages.success(request, _("Thank you: the department will look at this review."))
        return _back()

    def moderate(name, service):
        def run():
            if not forms[name].is_valid():
                return None
            service(review=review, officer=user, reason=forms[name].cleaned_data["reason"])
            messages.success(request, _("Decision recorded."))
            return _back()

        return run

    def edit():
        if not forms["edit"].is_valid():
            return None
        services.review_edit(
            review=review, user=user, scores=forms["edit"].scores(), text=forms["edit"].cleaned_data["text"]
        )
        messages.success(request, _("Your review is updated."))
        return _back()

    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    outcome = post_action(
        request,
        {
            "reply": reply,
            "report": report,
            "hide": moderate("hide", services.review_hide),
            "restore": moderate("restore", services.review_restore),
            "dismiss": moderate("dismiss", services.reports_dismiss),
            "edit": edit,
        },
        forms=forms,
    )
    if outcome.response is not None:
        return outcome.response
    officer = is_officer(user)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "forms": forms,
            "is_officer": officer,
            "can_reply": not review.reply_text and selectors.is_provider_side(review, user),
            "can_edit": review.status == ReviewStatus.VISIBLE
            and timezone.now() < review.editable_until
            and selectors.is_author_side(review, user),
            "history": audit_history(review) if officer else None,
            "reports": review.reports.select_related("reporter") if officer else None,
        },
        status=outcome.status,
    )


@officer_required
def officer(request):
    return render(
        request,
        "reviews/officer.html",
        {"reported": selectors.reviews_reported()[:100], "flagged": selectors.flagged_rows()},
    )
