from django.urls import include, path

from . import views

app_name = "sessions_app"

cohort_pages = [  # under cohorts/<cohort_id>/
    path("", views.cohort_home, name="cohort"),
    path("sharing/", views.sharing, name="sharing"),
    path("calendar.ics", views.cohort_calendar, name="calendar"),
    path("sessions/<int:number>/calendar.ics", views.cohort_calendar, name="session_calendar"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("cohorts/<int:cohort_id>/", include(cohort_pages)),
]
