from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.accounts.decorators import officer_required
from marketplace.core.digits import is_ascii_number
from marketplace.core.errors import DomainError
from marketplace.core.pages import form_errors, posted_pk
from marketplace.taxonomy.models import Sector, SolutionCategory

from . import compare, selectors, services
from .content import solution_content
from .diff import plan_summary, solution_diff
from .forms import CatalogueFilterForm, DecisionForm, PlanForm, ScreenshotForm, SolutionForm, VendorForm
from .models import Screenshot, Solution, SolutionRevision, Vendor
from .services import solution_working_content

PAGE_SIZE = 12


# ---------------------------------------------------------------- public


def catalogue_home(request):
    form = CatalogueFilterForm(request.GET or None)
    queryset = selectors.solutions_public().order_by("-published_at", "pk")
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["sector"]:
            queryset = selectors.filter_by_sector(queryset, [data["sector"].code])
        if data["readiness"] is not None:
            queryset = selectors.filter_by_readiness(queryset, data["readiness"])
        if data["pricing_model"]:
            queryset = queryset.filter(pricing_model=data["pricing_model"])
        if data["deployment"]:
            queryset = queryset.filter(deployment=data["deployment"])
        if data["price_max"] is not None:
            queryset = queryset.filter(price__lte=data["price_max"])
        if data["ai"]:
            queryset = queryset.filter(is_ai=True)
    elif form.is_bound:
        status = 400
        queryset = queryset.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/home.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "categories": selectors.categories_with_counts(),
            "sectors": [s for s in selectors.sectors_with_counts() if s.published_count],
            "compare_ids": compare.compare_ids(request.session),
            "max_compared": compare.MAX_COMPARED,
        },
        status=status,
    )


def solution_page(request, pk: int):
    solution = selectors.solution_public_get(pk=pk)
    if solution is None:
        raise Http404
    return render(
        request,
        "catalogue/solution.html",
        {
            "solution": solution,
            "sector_list": list(solution.sectors.all()),
            "screenshots": solution.public_screenshots,
            "plans": selectors.plans_offered(solution),
            "compare_ids": compare.compare_ids(request.session),
            "max_compared": compare.MAX_COMPARED,
        },
    )


def vendor_page(request, pk: int):
    vendor = get_object_or_404(Vendor, pk=pk)
    solutions = list(selectors.solutions_public().filter(vendor=vendor).order_by("name", "pk"))
    if not solutions and not selectors.vendor_is_member(vendor=vendor, user=request.user):
        raise Http404
    # the contact person is private (Decree 13/2023/NĐ-CP): members and officers only
    insider = request.user.is_authenticated and (
        request.user.is_officer or selectors.vendor_is_member(vendor=vendor, user=request.user)
    )
    return render(
        request, "catalogue/vendor.html", {"vendor": vendor, "solutions": solutions, "insider": insider}
    )


def compare_page(request):
    notice = ""
    if "ids" in request.GET:
        ids, too_many = compare.parse_ids(request.GET["ids"])
        if too_many:
            notice = _("You can compare at most %(max)s solutions; the first %(max)s are shown.") % {
                "max": compare.MAX_COMPARED
            }
    else:
        ids = compare.compare_ids(request.session)
    solutions = compare.compared_solutions(ids)
    ids_param = ",".join(str(s.pk) for s in solutions)
    return render(
        request,
        "catalogue/compare.html",
        {
            "solutions": solutions,
            "notice": notice,
            "ids_param": ids_param,
            "max_compared": compare.MAX_COMPARED,
        },
    )


def _back(request, default: str) -> str:
    target = request.POST.get("next") or default
    return target if target.startswith("/") and not target.startswith("//") else default


@require_POST
def compare_add(request):
    # from the search results (htmx) the answer replaces the button: no page load, no Back to undo
    inline = bool(request.headers.get("HX-Request"))
    notice, ok = _("Added to the comparison."), True
    try:
        solution_id = int(request.POST.get("solution", ""))
        compare.compare_add(request.session, solution_id=solution_id)
    except ValueError:
        notice, ok = _("Choose a solution to compare."), False
    except DomainError as error:
        notice, ok = error.message, False
    if inline:
        return render(
            request,
            "catalogue/_compare_added.html",
            {"notice": notice, "ok": ok, "count": len(compare.compare_ids(request.session))},
        )
    (messages.success if ok else messages.error)(request, notice)
    return redirect(_back(request, reverse("catalogue:compare")))


@require_POST
def compare_remove(request):
    raw = request.POST.get("solution", "")
    if is_ascii_number(raw):
        compare.compare_remove(request.session, solution_id=int(raw))
    return redirect(_back(request, reverse("catalogue:compare")))


@require_POST
def compare_clear(request):
    compare.compare_clear(request.session)
    return redirect(reverse("catalogue:compare"))


# ---------------------------------------------------------------- vendors


@login_required
def vendor_dashboard(request):
    vendors = list(selectors.vendors_of(request.user).order_by("name"))
    solutions = selectors.solutions_of(request.user).order_by("-updated_at", "pk")
    return render(request, "catalogue/vendor_dashboard.html", {"vendors": vendors, "solutions": solutions})


def _save_logo(request, vendor: Vendor, form) -> bool:
    upload = form.cleaned_data.get("logo")
    if not upload:
        return True
    try:
        services.vendor_set_logo(vendor=vendor, actor=request.user, uploaded_file=upload)
    except DomainError as error:
        form.add_error("logo", error.message)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def vendor_create(request):
    form = VendorForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("logo", None)
        try:
            vendor = services.vendor_create(created_by=request.user, data=data)
        except DomainError as error:
            form_errors(form, error, request=request)
        else:
            _save_logo(request, vendor, form)
            messages.success(request, _("Your organisation profile has been saved."))
            return redirect("catalogue:vendor_dashboard")
    status = 400 if form.errors else 200
    return render(request, "catalogue/vendor_form.html", {"form": form, "creating": True}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vendor_edit(request, pk: int):
    vendor = get_object_or_404(selectors.vendors_of(request.user), pk=pk)
    form = VendorForm(request.POST or None, request.FILES or None, instance=vendor)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("logo", None)
        try:
            vendor = services.vendor_update(vendor=vendor, actor=request.user, data=data)
        except DomainError as error:
            form_errors(form, error, request=request)
        else:
            if _save_logo(request, vendor, form):
                messages.success(request, _("Your organisation profile has been saved."))
                return redirect("catalogue:vendor_dashboard")
    status = 400 if form.errors else 200
    return render(request, "catalogue/vendor_form.html", {"form": form, "vendor": vendor}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def solution_create(request, vendor_pk: int):
    vendor = get_object_or_404(selectors.vendors_of(request.user), pk=vendor_pk)
    form = SolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            solution = services.solution_create(vendor=vendor, actor=request.user, data=form.content())
        except DomainError as error:
            form_errors(form, error, request=request)
        else:
            messages.success(request, _("Draft saved. Add screenshots, then submit it for review."))
            return redirect("catalogue:solution_edit", pk=solution.pk)
    status = 400 if form.errors else 200
    return render(request, "catalogue/solution_form.html", {"form": form, "vendor": vendor}, status=status)


def _own_solution(request, pk: int) -> Solution:
    # other vendors' solutions are a 404: their existence is not revealed
    return get_object_or_404(selectors.solutions_of(request.user).distinct(), pk=pk)


def _working_view(solution: Solution):
    """The solution as the vendor is editing it: the pending change if any, else the columns."""
    revision = selectors.pending_revision(solution)
    if revision is None:
        return (
            solution,
            list(solution.sectors.all()),
            list(solution.screenshots.order_by("position", "pk")),
            None,
        )
    data = revision.data
    view = Solution(pk=solution.pk, vendor=solution.vendor, status=solution.status)
    for field in data:
        if field not in ("category", "sectors", "screenshots"):
            setattr(view, field, data[field])
    view.category = SolutionCategory.objects.get(code=data["category"])
    sectors = list(Sector.objects.filter(code__in=data["sectors"]).order_by("code"))
    by_id = {shot.pk: shot for shot in solution.screenshots.all()}
    shots = [by_id[pk] for pk in data.get("screenshots", []) if pk in by_id]
    return view, sectors, shots, revision


@login_required
@require_http_methods(["GET", "POST"])
def solution_edit(request, pk: int):
    solution = _own_solution(request, pk)
    editable = solution.status in (*Solution.EDITABLE_DIRECTLY, *Solution.HAS_PUBLISHED_VERSION)
    initial = SolutionForm.initial_from(solution_working_content(solution))
    form = SolutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_update(solution=solution, actor=request.user, data=form.content())
        except DomainError as error:
            form_errors(form, error, request=request)
        else:
            if solution.status in Solution.HAS_PUBLISHED_VERSION:
                messages.success(
                    request,
                    _(
                        "Your change was sent for review. The published version stays visible until it is approved."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("catalogue:solution_preview", pk=solution.pk)
    _view, _sectors, shots, revision = _working_view(solution)
    status = 400 if form.errors else 200
    return render(
        request,
        "catalogue/solution_form.html",
        {
            "form": form,
            "solution": solution,
            "vendor": solution.vendor,
            "editable": editable,
            "screenshots": shots,
            "revision": revision,
            "screenshot_form": ScreenshotForm(),
            "max_screenshots": 8,
        },
        status=status,
    )


@login_required
def solution_preview(request, pk: int):
    solution = _own_solution(request, pk)
    view, sectors, shots, revision = _working_view(solution)
    return render(
        request,
        "catalogue/solution_preview.html",
        {
            "solution": solution,
            "view": view,
            "sector_list": sectors,
            "screenshots": shots,
            "revision": revision,
        },
    )


@login_required
def solution_plans(request, pk: int):
    """The vendor's plans page: add or remove one plan at a time. Each change replaces the working
    list through the same service as the API (published solutions: it waits for review)."""
    solution = _own_solution(request, pk)
    working = services.solution_working_content(solution)
    plans = working.get("plans", solution_content(solution)["plans"])
    form = PlanForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "remove":
            try:
                index = posted_pk(request, "index")
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("catalogue:solution_plans", pk=solution.pk)
            changed = [plan for number, plan in enumerate(plans, start=1) if number != index]
            form_to_show = None
        else:
            form = PlanForm(request.POST)
            changed = (
                [*plans, {**form.cleaned_data, "co_investment": form.cleaned_data["co_investment"] or 0}]
                if form.is_valid()
                else None
            )
            form_to_show = form
        if changed is not None:
            try:
                services.solution_plans_set(solution=solution, actor=request.user, plans=changed)
            except DomainError as error:
                form_errors(form_to_show, error, request=request)
                status = 400
            else:
                messages.success(
                    request,
                    _("Plans saved.")
                    if solution.status in Solution.EDITABLE_DIRECTLY
                    else _("Plans sent for review."),
                )
                return redirect("catalogue:solution_plans", pk=solution.pk)
        else:
            status = 400
    return render(
        request,
        "catalogue/solution_plans.html",
        {"solution": solution, "plans": [plan_summary(plan) for plan in plans], "form": form},
        status=status,
    )


@login_required
@require_POST
def solution_screenshot_add(request, pk: int):
    solution = _own_solution(request, pk)
    form = ScreenshotForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.screenshot_add(
                solution=solution,
                actor=request.user,
                uploaded_file=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Screenshot added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("catalogue:solution_edit", pk=solution.pk)


@login_required
@require_POST
def solution_screenshot_remove(request, pk: int, screenshot_pk: int):
    solution = _own_solution(request, pk)
    shot = get_object_or_404(Screenshot, pk=screenshot_pk, solution=solution)
    try:
        services.screenshot_remove(screenshot=shot, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Screenshot removed."))
    return redirect("catalogue:solution_edit", pk=solution.pk)


VENDOR_ACTIONS = {
    "submit": (services.solution_submit, _("Submitted. The department will review your solution.")),
    "withdraw": (services.solution_withdraw, _("The solution was withdrawn.")),
    "reopen": (services.solution_reopen, _("The solution is a draft again.")),
}


@login_required
@require_POST
def solution_action(request, pk: int, action: str):
    solution = _own_solution(request, pk)
    try:
        if action == "discard":
            services.revision_discard(solution=solution, actor=request.user)
            done = _("Your pending change was discarded.")
        elif action in VENDOR_ACTIONS:
            service, done = VENDOR_ACTIONS[action]
            service(solution=solution, actor=request.user)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("catalogue:solution_preview", pk=solution.pk)


# ---------------------------------------------------------------- officers


@officer_required
def officer_queue(request):
    queue = selectors.review_queue()
    return render(
        request,
        "catalogue/officer_queue.html",
        {
            "submitted": queue["submitted"][:100],
            "changes": queue["changes"][:100],
            "published": queue["published"][:50],
            "suspended": queue["suspended"][:50],
        },
    )


DECISIONS_BY_STATE = {
    Solution.SUBMITTED: [
        ("publish", _("Publish"), ""),
        ("request_changes", _("Request changes"), "secondary"),
        ("reject", _("Reject"), "danger"),
    ],
    Solution.PUBLISHED: [("suspend", _("Suspend"), "danger")],
    Solution.SUSPENDED: [("republish", _("Republish"), "")],
}
REVISION_DECISIONS = [
    ("approve_change", _("Approve the change"), ""),
    ("request_change_edits", _("Ask for edits"), "secondary"),
    ("reject_change", _("Reject the change"), "danger"),
]


def _as_text(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or "—"
    return "—" if value in (None, "") else str(value)


@officer_required
@require_http_methods(["GET", "POST"])
def officer_review(request, pk: int):
    solution = get_object_or_404(
        Solution.objects.select_related("vendor", "category").exclude(status=Solution.DRAFT), pk=pk
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_decide(
                solution=solution,
                officer=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                revision_id=form.cleaned_data["revision_id"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("catalogue:officer_review", pk=solution.pk)
        messages.success(request, _("Decision recorded."))
        return redirect("catalogue:officer_queue")
    revision = solution.revisions.filter(state__in=SolutionRevision.OPEN_STATES).first()
    decisions = list(DECISIONS_BY_STATE.get(solution.status, []))
    if revision and revision.state == SolutionRevision.PENDING:
        decisions = REVISION_DECISIONS + decisions
    shots = list(solution.screenshots.order_by("position", "pk"))
    proposed_ids = (
        revision.data.get("screenshots", []) if revision else [s.pk for s in shots if not s.revision_id]
    )
    by_id = {shot.pk: shot for shot in shots}
    return render(
        request,
        "catalogue/officer_review.html",
        {
            "solution": solution,
            "revision": revision,
            "diff": [
                {
                    **row,
                    "published_text": _as_text(row["published"]),
                    "proposed_text": _as_text(row["proposed"]),
                }
                for row in solution_diff(solution)
            ],
            "has_published": solution.status in Solution.HAS_PUBLISHED_VERSION,
            "decisions": decisions,
            "form": form,
            "published_shots": [s for s in shots if s.revision_id is None],
            "proposed_shots": [by_id[i] for i in proposed_ids if i in by_id],
            "history": selectors.solution_history(solution),
        },
    )
