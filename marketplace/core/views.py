from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from marketplace.accounts.roles import role_names


def home(request):
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    memberships = request.user.enterprise_memberships.select_related("enterprise", "enterprise__ward")
    return render(
        request, "core/dashboard.html", {"memberships": memberships, "roles": role_names(request.user)}
    )


def healthz(request):
    """A trivial JSON endpoint: liveness probe and the benchmarks' floor."""
    return JsonResponse({"status": "ok"})
