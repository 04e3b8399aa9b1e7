"""The demo cohort's boards have posts, so the first projector view is not empty."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from sessions_app.boards.selectors import board_sections
from sessions_app.models import Board, Post
from worksheets.demo import DEMO_JOIN_CODE, FACILITATOR
from worksheets.demo.boards import BOARD_POSTS

pytestmark = pytest.mark.django_db


def demo_boards():
    return Board.objects.filter(cohort__join_code=DEMO_JOIN_CODE)


def test_every_demo_board_has_posts_one_pinned_and_is_projected(curriculum, client):
    call_command("seed_demo")
    assert set(BOARD_POSTS) == {s.spec["board"] for s in board_sections()}
    for board in demo_boards():
        posts = board.posts.all()
        assert posts.count() == len(BOARD_POSTS[board.section.spec["board"]])
        assert posts.filter(is_pinned=True).count() == 1
    assert client.login(username=FACILITATOR["email"], password=FACILITATOR["password"])
    board = demo_boards().get(section__spec__board="introductions")
    html = client.get(reverse("boards:projector", args=[board.cohort_id, board.pk])).content
    html = html.decode()
    assert "two climbers on one rope" in html
    assert "I chose the empty notebook" in html
    assert "Dr. Mei Lin" not in html  # her post is anonymous


def test_seeding_the_demo_again_adds_no_posts_and_keeps_edits(curriculum):
    call_command("seed_demo")
    count = Post.objects.count()
    edited = Post.objects.filter(board__cohort__join_code=DEMO_JOIN_CODE).first()
    edited.text = "Rewritten by the demo participant"
    edited.save()
    call_command("seed_demo")
    assert Post.objects.count() == count
    edited.refresh_from_db()
    assert edited.text == "Rewritten by the demo participant"
