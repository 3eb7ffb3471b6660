from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("bookings/", views.my_bookings, name="mine"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("bookings/<int:pk>/act/", views.booking_act, name="act"),
    path("bookings/<int:pk>/booking.ics", views.booking_ics, name="ics"),
    path("provider/", views.provider_home, name="provider"),
    path("provider/new/", views.facility_edit, name="create"),
    path("provider/<slug:slug>/edit/", views.facility_edit, name="edit"),
    path("officer/providers/", views.providers_review, name="providers_review"),
    path("<slug:slug>/", views.facility_detail, name="detail"),
]
