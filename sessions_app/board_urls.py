from django.urls import path

from . import board_views as views

app_name = "boards"

FACILITATE = "facilitate/cohorts/<int:cohort_id>/boards/"

urlpatterns = [
    path(
        "cohorts/<int:cohort_id>/activities/<int:section_id>/board/",
        views.activity_board,
        name="activity",
    ),
    path("cohorts/<int:cohort_id>/boards/<int:board_id>/", views.board_page, name="board"),
    path("cohorts/<int:cohort_id>/boards/<int:board_id>/posts/", views.board_posts, name="posts"),
    path(FACILITATE, views.cohort_boards, name="cohort_boards"),
    path(f"{FACILITATE}<int:board_id>/projector/", views.projector, name="projector"),
    path(
        f"{FACILITATE}<int:board_id>/projector/posts/",
        views.projector_posts,
        name="projector_posts",
    ),
    path(
        f"{FACILITATE}<int:board_id>/posts/<int:post_id>/<slug:action>/",
        views.post_moderate,
        name="moderate",
    ),
    path(f"{FACILITATE}<int:board_id>/export.csv", views.board_export, name="export"),
]
