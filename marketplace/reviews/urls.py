from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("officer/", views.officer, name="officer"),
    path("write/<str:kind>/<int:deal_id>/", views.write, name="write"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<str:kind>/<int:pk>/", views.subject, name="subject"),
]
