from django.urls import path

from . import mentor_views as views

app_name = "mentor"

urlpatterns = [
    path("cohorts/<int:cohort_id>/mentor/", views.mentor_links, name="links"),
    path(
        "cohorts/<int:cohort_id>/mentor/links/<int:link_id>/revoke/",
        views.mentor_link_revoke_view,
        name="revoke",
    ),
    path("cohorts/<int:cohort_id>/mentor/gaps/", views.gaps_to_agreement_view, name="gaps"),
    path("mentor/<str:token>/", views.mentor_home, name="home"),
    path("mentor/<str:token>/questionnaire/", views.mentor_questionnaire, name="questionnaire"),
    path("mentor/<str:token>/agreement/", views.mentor_agreement, name="agreement"),
]
