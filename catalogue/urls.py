from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue_home, name="home"),
    path("<int:pk>/", views.solution_page, name="solution_page"),
    path("vendors/<int:pk>/", views.vendor_page, name="vendor_page"),
    path("compare/", views.compare_page, name="compare"),
    path("compare/add/", views.compare_add, name="compare_add"),
    path("compare/remove/", views.compare_remove, name="compare_remove"),
    path("compare/clear/", views.compare_clear, name="compare_clear"),
    path("vendor/", views.vendor_dashboard, name="vendor_dashboard"),
    path("vendor/new/", views.vendor_create, name="vendor_create"),
    path("vendor/<int:pk>/edit/", views.vendor_edit, name="vendor_edit"),
    path("vendor/<int:vendor_pk>/solutions/new/", views.solution_create, name="solution_create"),
    path("vendor/solutions/<int:pk>/", views.solution_preview, name="solution_preview"),
    path("vendor/solutions/<int:pk>/edit/", views.solution_edit, name="solution_edit"),
    path("vendor/solutions/<int:pk>/screenshots/", views.solution_screenshot_add, name="screenshot_add"),
    path(
        "vendor/solutions/<int:pk>/screenshots/<int:screenshot_pk>/delete/",
        views.solution_screenshot_remove,
        name="screenshot_remove",
    ),
    path("vendor/solutions/<int:pk>/plans/", views.solution_plans, name="solution_plans"),
    path(
        "vendor/solutions/<int:pk>/<str:action>/",
        views.solution_action,
        name="solution_action",
    ),
    path("review/", views.officer_queue, name="officer_queue"),
    path("review/<int:pk>/", views.officer_review, name="officer_review"),
]
