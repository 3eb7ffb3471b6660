from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<int:pk>/", views.event, name="event"),
    path("mine/", views.mine, name="mine"),
    path("seats/<int:pk>/", views.seat, name="seat"),
    path("organise/", views.organise, name="organise"),
    path("organise/new/", views.event_new, name="event_new"),
    path("organise/events/<int:pk>/", views.manage, name="manage"),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
    path("certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("officer/organisers/", views.officer_organisers, name="officer_organisers"),
]
