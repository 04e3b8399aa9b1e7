from django.urls import include, path

from . import views

app_name = "mentor"

participant_pages = [  # under cohorts/<cohort_id>/mentor/: the postdoc brings their mentor in
    path("", views.mentor_links, name="links"),
    path("links/<int:link_id>/revoke/", views.mentor_link_revoke_view, name="revoke"),
    path("gaps/", views.gaps_to_agreement_view, name="gaps"),
    path("agreement-with/", views.agreement_with_view, name="agreement_with"),
    path("links/<int:link_id>/may-comment/", views.may_comment_view, name="may_comment"),
    path("compare/", views.compare_view, name="compare"),
    path("news-by-mail/", views.news_by_mail_view, name="news_by_mail"),
]

mentor_pages = [  # under mentor/<token>/: the mentor, without an account
    path("", views.mentor_home, name="home"),
    path("questionnaire/", views.mentor_questionnaire, name="questionnaire"),
    path("agreement/", views.mentor_agreement, name="agreement"),
]

urlpatterns = [
    path("cohorts/<int:cohort_id>/mentor/", include(participant_pages)),
    path("mentor/<str:token>/", include(mentor_pages)),
]
