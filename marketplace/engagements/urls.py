from django.urls import path

from . import views

app_name = "engagements"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.propose, name="propose"),
    path("disputes/", views.disputes, name="disputes"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/action/", views.act, name="act"),
]
