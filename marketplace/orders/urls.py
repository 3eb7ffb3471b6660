from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.my_orders, name="mine"),
    path("new/<int:plan_pk>/", views.place, name="place"),
    path("vendor/", views.vendor_orders, name="vendor"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/action/", views.act, name="act"),
]
