from django.urls import include, path

from . import views

app_name = "boards"

participant_pages = [  # under cohorts/<cohort_id>/
    path("activities/<int:section_id>/board/", views.activity_board, name="activity"),
    path("boards/<int:board_id>/", views.board_page, name="board"),
    path("boards/<int:board_id>/posts/", views.board_posts, name="posts"),
    path("boards/<int:board_id>/posts/<int:post_id>/edit/", views.post_edit_page, name="post_edit"),
    path(
        "boards/<int:board_id>/posts/<int:post_id>/delete/",
        views.post_delete_page,
        name="post_delete",
    ),
]

facilitator_pages = [  # under facilitate/cohorts/<cohort_id>/boards/
    path("", views.cohort_boards, name="cohort_boards"),
    path("<int:board_id>/projector/", views.projector, name="projector"),
    path("<int:board_id>/projector/posts/", views.projector_posts, name="projector_posts"),
    path("<int:board_id>/projector/names/", views.projector_names, name="projector_names"),
    path("<int:board_id>/moderation/", views.moderation, name="moderation"),
    path("<int:board_id>/moderation/posts/", views.moderation_posts, name="moderation_posts"),
    path(
        "<int:board_id>/posts/<int:post_id>/<slug:action>/",
        views.post_moderate,
        name="moderate",
    ),
    path("<int:board_id>/export.csv", views.board_export, name="export"),
]

urlpatterns = [
    path("cohorts/<int:cohort_id>/", include(participant_pages)),
    path("facilitate/cohorts/<int:cohort_id>/boards/", include(facilitator_pages)),
]
