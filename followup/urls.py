from django.urls import include, path

from . import mentor_views, views

app_name = "followup"

participant_pages = [  # under cohorts/<cohort_id>/: the course goes on
    path("goals/", views.my_goals, name="goals"),
    path("goals/<int:goal_id>/", views.goal_page, name="goal"),
    path("check-ins/", views.check_ins, name="check_ins"),
    path("check-ins/new/", views.check_in_new, name="check_in_new"),
    path("check-ins/<int:check_in_id>/", views.check_in, name="check_in"),
    path(
        "check-ins/<int:check_in_id>/questionnaire/",
        views.check_in_questionnaire,
        name="check_in_questionnaire",
    ),
    path("changes/", views.changes, name="changes"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
]

mentor_pages = [  # under mentor/<token>/: the mentor's side of the meeting log
    path("meetings/", mentor_views.mentor_meetings, name="mentor_meetings"),
    path(
        "questionnaire-again/",
        mentor_views.mentor_questionnaire_again,
        name="mentor_questionnaire_again",
    ),
    path("meetings/<int:meeting_id>/", mentor_views.mentor_meeting, name="mentor_meeting"),
]

urlpatterns = [
    path(
        "facilitate/cohorts/<int:cohort_id>/follow-up/",
        views.cohort_follow_up,
        name="cohort_follow_up",
    ),
    path("cohorts/<int:cohort_id>/", include(participant_pages)),
    path("mentor/<str:token>/", include(mentor_pages)),
]
