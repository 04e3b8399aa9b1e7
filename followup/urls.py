from django.urls import include, path

from . import views

app_name = "followup"

participant_pages = [  # under cohorts/<cohort_id>/: the course goes on
    path("goals/", views.my_goals, name="goals"),
    path("goals/<int:goal_id>/", views.goal_page, name="goal"),
]

urlpatterns = [
    path("cohorts/<int:cohort_id>/", include(participant_pages)),
]
