from django.urls import path

from . import views

app_name = "consultants"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("<int:pk>/", views.profile, name="profile"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("firms/new/", views.firm_create, name="firm_create"),
    path("firms/<int:pk>/manage/", views.firm_manage, name="firm_manage"),
    path("firms/<int:pk>/leave/", views.firm_leave, name="firm_leave"),
    path("me/", views.profile_edit, name="profile_edit"),
    path("me/photo/", views.photo_upload, name="photo_upload"),
    path("me/firm/", views.my_firm, name="my_firm"),
    path("me/availability/", views.availability, name="availability"),
    path("me/track-record/", views.track_record, name="track_record"),
    path("me/application/", views.application, name="application"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", views.certificate_check, name="certificate_check"),
    path("officer/applications/", views.officer_queue, name="officer_queue"),
    path("officer/applications/<int:pk>/", views.officer_review, name="officer_review"),
    path(
        "officer/certificates/<str:code>/",
        views.officer_certificate_action,
        name="officer_certificate_action",
    ),
]
