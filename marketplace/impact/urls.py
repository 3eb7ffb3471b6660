from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("officer/", views.officer, name="officer"),
    path("exemplary/", views.showcase, name="showcase"),
    path("exemplary/<int:pk>/", views.showcase_detail, name="showcase_detail"),
]
