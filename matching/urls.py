from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.assessment_start, name="assessment_start"),
    path("<int:pk>/", views.assessment_result, name="assessment_result"),
    path("<int:pk>/page/<int:page>/", views.assessment_page, name="assessment_page"),
    path("<int:pk>/roadmap/", views.assessment_roadmap, name="roadmap"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommendations/dismiss/", views.recommendation_dismiss, name="dismiss"),
]
