from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.my_bookings, name="mine"),
    path("new/<int:consultant_pk>/", views.book, name="book"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/action/", views.act, name="act"),
    path("<int:pk>/booking.ics", views.invitation, name="ics"),
    path("queue/", views.queue, name="queue"),
    path("agenda/", views.agenda, name="agenda"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
