"""The evaluation's pages, under three prefixes: the participant's (cohorts/<id>/evaluation/),
the facilitator's (facilitate/…) and the public check of a certificate (certificates/<code>/)."""

from django.urls import include, path

from . import views

app_name = "evaluation"

participant_pages = [  # under cohorts/<cohort_id>/evaluation/
    path("", views.record, name="record"),
    path("survey/<str:wave>/", views.survey, name="survey"),
]

urlpatterns = [
    path("cohorts/<int:cohort_id>/evaluation/", include(participant_pages)),
]
