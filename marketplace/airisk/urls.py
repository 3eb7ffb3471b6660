from django.urls import path

from . import views

app_name = "airisk"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<int:number>/", views.step, name="step"),
]
