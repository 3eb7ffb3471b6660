from django.urls import path

from .views import IndicatorDetailView, IndicatorListView, OpenDataCsvView, OpenDataJsonView

urlpatterns = [
    path("programme/indicators/", IndicatorListView.as_view(), name="programme-indicators"),
    path("programme/indicators/<slug:key>/", IndicatorDetailView.as_view(), name="programme-indicator"),
    path("programme/open-data.json", OpenDataJsonView.as_view(), name="programme-open-data-json"),
    path("programme/open-data.csv", OpenDataCsvView.as_view(), name="programme-open-data-csv"),
]
