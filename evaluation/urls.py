"""The evaluation's pages, under three prefixes: the participant's (cohorts/<id>/evaluation/),
the facilitator's (facilitate/…) and the public check of a certificate (certificates/<code>/)."""

from django.urls import include, path

from . import views
from .facilitator import views as facilitator
from .mentor import views as mentor

app_name = "evaluation"

participant_pages = [  # under cohorts/<cohort_id>/evaluation/
    path("", views.record, name="record"),
    path("survey/<str:wave>/", views.survey, name="survey"),
    path("certificate.pdf", views.certificate_download, name="certificate"),
]

facilitator_pages = [  # under facilitate/cohorts/<cohort_id>/
    path("attendance/", facilitator.attendance, name="attendance"),
    path("certificates/", facilitator.certificates, name="certificates"),
    path(
        "certificates/issue/<int:enrollment_id>/",
        facilitator.certificate_issue_view,
        name="certificate_issue",
    ),
    path(
        "certificates/<int:certificate_id>/revoke/",
        facilitator.certificate_revoke_view,
        name="certificate_revoke",
    ),
    path("report/", facilitator.report, name="report"),
    path("report.csv", facilitator.report_csv, name="report_csv"),
]

urlpatterns = [
    path("cohorts/<int:cohort_id>/evaluation/", include(participant_pages)),
    path("facilitate/cohorts/<int:cohort_id>/", include(facilitator_pages)),
    path("facilitate/evaluation/", facilitator.report_all, name="report_all"),
    path("facilitate/evaluation.csv", facilitator.report_all_csv, name="report_all_csv"),
    path("certificates/<str:code>/", views.verify, name="verify"),
    path("mentor/<str:token>/survey/<str:wave>/", mentor.mentor_survey, name="mentor_survey"),
]
