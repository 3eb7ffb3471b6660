"""The project's URLs plus one route that crashes, to see what a 500 under /api/ answers."""

from django.urls import path

from marketplace.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/crash/", crash), path("crash/", crash), *urlpatterns]
