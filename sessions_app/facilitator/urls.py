from django.urls import path

from . import views

app_name = "facilitator"

urlpatterns = [
    path("", views.cohort_list, name="cohorts"),
    path("cohorts/new/", views.cohort_new, name="cohort_new"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:cohort_id>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:cohort_id>/archive/", views.cohort_archive, name="archive"),
    path(
        "cohorts/<int:cohort_id>/join-link/",
        views.join_link_regenerate,
        name="join_link",
    ),
    path(
        "cohorts/<int:cohort_id>/sessions/<int:session_id>/",
        views.session_schedule,
        name="session",
    ),
    path("cohorts/<int:cohort_id>/invitations/", views.invite, name="invite"),
    path(
        "cohorts/<int:cohort_id>/invitations/<int:invitation_id>/<str:action>/",
        views.invitation_action,
        name="invitation",
    ),
    path(
        "cohorts/<int:cohort_id>/participants/<int:enrollment_id>/remove/",
        views.participant_remove_view,
        name="participant_remove",
    ),
    path("cohorts/<int:cohort_id>/progress/", views.progress_grid, name="progress"),
    path(
        "cohorts/<int:cohort_id>/participants/<int:enrollment_id>/answers/",
        views.participant_answers,
        name="participant_answers",
    ),
    path("cohorts/<int:cohort_id>/progress.csv", views.progress_csv, name="progress_csv"),
    path(
        "cohorts/<int:cohort_id>/shared-answers.csv",
        views.answers_csv,
        name="answers_csv",
    ),
    path("cohorts/<int:cohort_id>/summaries/", views.summaries, name="summaries"),
]
