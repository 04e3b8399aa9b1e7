from django.urls import include, path

from . import views

app_name = "sessions_app"

cohort_pages = [  # under cohorts/<cohort_id>/
    path("", views.cohort_home, name="cohort"),
    path("sharing/", views.sharing, name="sharing"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("cohorts/<int:cohort_id>/", include(cohort_pages)),
]
