"""Web pages: start/resume/submit an assessment, results, roadmap, recommendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.roles import role_names
from marketplace.core import pillar_offers
from marketplace.core.digits import is_ascii_number
from marketplace.core.errors import DomainError
from marketplace.enterprises.selectors import enterprises_of, enterprises_visible_to

from . import charts, readiness, selectors, services
from .account import account_overview
from .errors import AssessmentIncomplete
from .forms import DismissForm, PillarAnswersForm
from .models import Assessment, localised


def _chosen_enterprise(request):
    """The enterprise the page is about: ?enterprise= among the user's own, else their first one."""
    mine = enterprises_of(request.user)
    wanted = request.GET.get("enterprise") or request.POST.get("enterprise")
    if wanted and is_ascii_number(str(wanted)):
        return get_object_or_404(enterprises_visible_to(request.user), pk=int(wanted))
    return mine.order_by("name", "pk").first()


def _assessment_for(request, pk: int) -> Assessment:
    # 404 for assessments of other enterprises: outsiders cannot learn they exist
    return get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)


@login_required
def assessment_start(request):
    enterprise = _chosen_enterprise(request)
    if enterprise is None:
        return render(request, "matching/no_enterprise.html")
    if request.method == "POST":
        criteria_set = get_object_or_404(
            selectors.criteria_sets_active(), code=request.POST.get("criteria_set")
        )
        try:
            assessment = services.assessment_start(
                enterprise=enterprise, user=request.user, criteria_set=criteria_set
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(f"{reverse('matching:assessment_start')}?enterprise={enterprise.pk}")
        return redirect("matching:assessment_page", pk=assessment.pk, page=_first_open_page(assessment))
    section = selectors.enterprise_section_code(enterprise)
    assessments = (
        Assessment.objects.filter(enterprise=enterprise)
        .select_related("criteria_set")
        .order_by("-created_at")
    )
    drafts = {a.criteria_set_id: a for a in assessments if a.status == Assessment.DRAFT}
    sets = [
        {"set": s, "draft": drafts.get(s.pk), "questions": s.questions.count()}
        for s in selectors.criteria_sets_for_section(section)
    ]
    return render(
        request,
        "matching/start.html",
        {
            "enterprise": enterprise,
            "enterprises": enterprises_of(request.user),
            "sets": sets,
            "submitted": [a for a in assessments if a.status == Assessment.SUBMITTED],
        },
    )


def _pages(assessment: Assessment) -> list[dict]:
    content = assessment.version.content
    progress = {row["code"]: row for row in readiness.pillar_progress(content, assessment.answers)}
    return [
        {"number": n, "code": p["code"], "name": localised(p, "name"), **progress[p["code"]]}
        for n, p in enumerate(readiness.scored_pillars(content), start=1)
    ]


def _first_open_page(assessment: Assessment) -> int:
    for page in _pages(assessment):
        if page["answered"] < page["total"]:
            return page["number"]
    return 1


@login_required
def assessment_page(request, pk: int, page: int):
    assessment = _assessment_for(request, pk)
    if assessment.is_submitted:
        return redirect("matching:assessment_result", pk=assessment.pk)
    pages = _pages(assessment)
    if not 1 <= page <= len(pages):
        raise Http404
    current = pages[page - 1]
    questions = readiness.questions_of_pillar(assessment.version.content, current["code"])
    form = PillarAnswersForm(
        request.POST or None, questions=questions, initial_answers=assessment.answers, prefix=None
    )
    unanswered = []
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_answer(assessment=assessment, user=request.user, answers=form.answers())
            if request.POST.get("go") == "submit":
                services.assessment_submit(assessment=assessment, user=request.user)
                messages.success(request, _("Your assessment has been submitted."))
                return redirect("matching:assessment_result", pk=assessment.pk)
        except AssessmentIncomplete as error:
            assessment.refresh_from_db()
            index = readiness.question_index(assessment.version.content)
            unanswered = [
                {
                    "text": localised(index[code], "text"),
                    "page": next(
                        p["number"] for p in _pages(assessment) if p["code"] == index[code]["pillar"]
                    ),
                }
                for code in error.fields.get("unanswered", [])
            ]
            messages.error(request, error.message)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("matching:assessment_start")
        else:
            go = request.POST.get("go")
            if go == "exit":
                messages.success(request, _("Your answers are saved. You can continue later."))
                return redirect(
                    f"{reverse('matching:assessment_start')}?enterprise={assessment.enterprise_id}"
                )
            target = page - 1 if go == "back" else page + 1
            return redirect(
                "matching:assessment_page", pk=assessment.pk, page=max(1, min(len(pages), target))
            )
    pages = _pages(assessment)
    answered = sum(p["answered"] for p in pages)
    total = sum(p["total"] for p in pages)
    return render(
        request,
        "matching/page.html",
        {
            "assessment": assessment,
            "form": form,
            "pages": pages,
            "page": pages[page - 1],
            "is_last": page == len(pages),
            "percent": round(100 * answered / total) if total else 0,
            "answered": answered,
            "total": total,
            "unanswered": unanswered,
            "set_name": localised(assessment.version.content, "name"),
        },
        status=400 if unanswered else 200,
    )


@login_required
def assessment_result(request, pk: int):
    assessment = _assessment_for(request, pk)
    if not assessment.is_submitted:
        return redirect("matching:assessment_page", pk=assessment.pk, page=_first_open_page(assessment))
    result = selectors.assessment_result(assessment)
    chart = charts.radar(
        [p.name for p in result.pillars],
        [float(p.score) for p in result.pillars],
        previous=[float(p.previous) if p.previous is not None else None for p in result.pillars]
        if result.previous
        else None,
        peers=[float(p.peer_average) if p.peer_average is not None else None for p in result.pillars]
        if result.peers_shown
        else None,
    )
    return render(
        request,
        "matching/result.html",
        {
            "result": result,
            "assessment": assessment,
            "chart": chart,
            "set_name": localised(assessment.version.content, "name"),
        },
    )


@login_required
def assessment_roadmap(request, pk: int):
    assessment = _assessment_for(request, pk)
    if not assessment.is_submitted:
        return redirect("matching:assessment_page", pk=assessment.pk, page=_first_open_page(assessment))
    steps = selectors.roadmap_for(assessment)
    return render(
        request,
        "matching/roadmap.html",
        {
            "assessment": assessment,
            "steps": steps,
            "pillar_offers": _offers_for([(step.pillar_code, step.pillar_name) for step in steps]),
        },
    )


def _offers_for(pillars: list[tuple[str, str]]) -> list[tuple[str, list]]:
    """What higher floors offer for these pillars (upcoming training courses), through core's
    registry: [(pillar name, offers)] in the pillars' order, pillars with nothing left out."""
    offers = pillar_offers.for_pillars([code for code, _name in pillars])
    return [(name, offers[code]) for code, name in pillars if offers.get(code)]


@login_required
def recommendations(request):
    enterprise = _chosen_enterprise(request)
    if enterprise is None:
        return render(request, "matching/no_enterprise.html")
    services.recommendations_ensure_fresh(enterprise=enterprise)
    latest = selectors.assessment_latest_submitted(enterprise=enterprise)
    has_assessment = latest is not None
    # the booking topic starts from the enterprise's weakest pillars (the booking page prefills it)
    weakest = selectors.assessment_result(latest).weakest if latest else []
    booking_topic = ", ".join(p.name for p in weakest)
    lists = []
    for kind, title in (("consultant", _("Consultants for you")), ("solution", _("Solutions for you"))):
        items = selectors.recommendations_list(enterprise=enterprise, kind=kind)
        lists.append(
            {
                "kind": kind,
                "title": title,
                "items": items,
                "empty": ""
                if items
                else selectors.recommendations_empty_message(kind=kind, has_assessment=has_assessment),
                "hidden_at_capacity": selectors.recommendations_hidden_at_capacity(enterprise=enterprise)
                if kind == "consultant"
                else 0,
            }
        )
    return render(
        request,
        "matching/recommendations.html",
        {
            "enterprise": enterprise,
            "enterprises": enterprises_of(request.user),
            "lists": lists,
            "has_assessment": has_assessment,
            "booking_topic": booking_topic,
            "pillar_offers": _offers_for([(p.code, p.name) for p in weakest]),
            "can_dismiss": enterprises_of(request.user).filter(pk=enterprise.pk).exists(),
        },
    )


@login_required
@require_POST
def recommendation_dismiss(request):
    enterprise = _chosen_enterprise(request)
    form = DismissForm(request.POST)
    if enterprise is None or not form.is_valid():
        messages.error(request, _("Tell us why this does not suit you."))
    else:
        try:
            services.recommendation_dismiss(enterprise=enterprise, user=request.user, **form.cleaned_data)
            messages.success(request, _("Noted. We will not suggest it again."))
        except DomainError as error:
            messages.error(request, error.message)
    target = reverse("matching:recommendations")
    return redirect(f"{target}?enterprise={enterprise.pk}" if enterprise else target)


@login_required
def account_dashboard(request):
    """The account page: each role the person holds, where it stands and what to do next."""
    memberships = list(request.user.enterprise_memberships.select_related("enterprise", "enterprise__ward"))
    roles = set(role_names(request.user))
    overview = account_overview(user=request.user, roles=roles, memberships=memberships)
    return render(request, "matching/account.html", {"roles": roles, "overview": overview})
