from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("calls/<int:call_pk>/apply/", views.apply, name="apply"),
    path("officer/", views.officer_queue, name="officer"),
    path("officer/applications/<int:pk>/decide/", views.officer_decide, name="decide"),
    path("officer/budget/", views.officer_budget, name="budget"),
    path("officer/calls/new/", views.officer_call_new, name="call-new"),
    path("officer/money/", views.officer_money, name="money"),
    path("officer/money/act/", views.officer_money_act, name="money-act"),
    path("public/", views.public, name="public"),
    path("open-data.csv", views.open_data_csv, name="open-data-csv"),
    path("open-data.json", views.open_data_json, name="open-data-json"),
    path("verify/", views.verify, name="verify"),
]
