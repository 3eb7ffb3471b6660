from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "core/home.html")


def healthz(request):
    """A trivial JSON endpoint: liveness probe and the benchmarks' floor."""
    return JsonResponse({"status": "ok"})
