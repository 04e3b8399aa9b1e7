from django.urls import path

from . import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.home, name="home"),
    path("cohorts/<int:cohort_id>/", views.cohort_home, name="cohort"),
    path("cohorts/<int:cohort_id>/sharing/", views.sharing, name="sharing"),
    path("cohorts/<int:cohort_id>/modules/<slug:slug>/", views.module_detail, name="module"),
]
