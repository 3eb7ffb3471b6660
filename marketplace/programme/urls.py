from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("public/", views.public_summary, name="public"),
    *(
        path(f"report/<str:period>.{fmt}", views.periodic_report, {"fmt": fmt}, name=f"report_{fmt}")
        for fmt in ("pdf", "xlsx")
    ),
    path("indicators/<slug:key>/", views.indicator_detail, name="indicator"),
    path("indicators/<slug:key>/records/", views.indicator_records, name="records"),
    *(
        path(
            f"indicators/<slug:key>/export.{fmt}", views.indicator_export, {"fmt": fmt}, name=f"export_{fmt}"
        )
        for fmt in ("csv", "xlsx")
    ),
    *(
        path(
            f"indicators/<slug:key>/records.{fmt}", views.records_export, {"fmt": fmt}, name=f"records_{fmt}"
        )
        for fmt in ("csv", "xlsx")
    ),
]
