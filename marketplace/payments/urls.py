from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/received/", views.mark_received, name="mark_received"),
    path("pay/<slug:kind>/<int:pk>/", views.pay, name="pay"),
]
