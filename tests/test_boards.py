"""Live cohort boards: posting, anonymity, moderation and the CSV export.

Who may open which board URL is in the one permission table, tests/test_access_matrix.py."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions_app.boards.selectors import board_posts_for_pdf, board_sections
from sessions_app.boards.services import (
    BoardClosed,
    NotOnThisBoard,
    NotYourPost,
    board_for,
    post_create,
    post_delete,
    post_set_hidden,
    post_set_pinned,
)
from sessions_app.models import POST_MAX_LENGTH, Board, CohortSession, Enrollment, Post, Section

from .browser import module_url
from .factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- Fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture
def section(curriculum):
    return Section.objects.get(spec__board="introductions")


@pytest.fixture
def board(enrollment, section):
    return board_for(cohort=enrollment.cohort, section=section)


@pytest.fixture
def classmate(enrollment):
    enrollment = EnrollmentFactory(cohort=enrollment.cohort)
    enrollment.user.display_name = "Dr. Rosa Quintero"
    enrollment.user.save()
    return enrollment


@pytest.fixture
def facilitator(enrollment):
    return EnrollmentFactory(cohort=enrollment.cohort, role=Enrollment.Role.FACILITATOR)


def post(board, enrollment, text="Hello, cohort.", **kwargs):
    return post_create(
        board=board, enrollment=enrollment, text=text, is_anonymous=kwargs.pop("anon", False)
    )


def post_data(board, text, anonymous=False):
    data = {f"board-{board.pk}-text": text}
    if anonymous:
        data[f"board-{board.pk}-is_anonymous"] = "on"
    return data


def board_url(board):
    return reverse("boards:board", args=[board.cohort_id, board.pk])


def posts_url(board):
    return reverse("boards:posts", args=[board.cohort_id, board.pk])


def projector_url(board):
    return reverse("boards:projector", args=[board.cohort_id, board.pk])


def moderation_url(board):
    return reverse("boards:moderation", args=[board.cohort_id, board.pk])


def moderate_url(board, post, action):
    return reverse("boards:moderate", args=[board.cohort_id, board.pk, post.pk, action])


def export_rows(client, board):
    response = client.get(reverse("boards:export", args=[board.cohort_id, board.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def close_session(board):
    CohortSession.objects.filter(cohort=board.cohort, session=board.section.module.session).update(
        is_open=False
    )


def text_of(response):
    return response.content.decode()


# --- Boards exist per cohort and activity ------------------------------------------------------


def test_every_board_activity_of_the_curriculum_has_a_prompt(curriculum):
    slugs = {s.spec["board"]: s.spec.get("board_prompt") for s in board_sections()}
    assert set(slugs) == {
        "introductions",
        "mentoring-up-goal",
        "assumptions",
        "indicators-of-independence",
        "mentor-roles-in-professional-development",
    }
    assert all(slugs.values())


def test_board_for_makes_one_board_per_cohort_and_activity(enrollment, section):
    first = board_for(cohort=enrollment.cohort, section=section)
    again = board_for(cohort=enrollment.cohort, section=section)
    other_cohort = board_for(cohort=EnrollmentFactory().cohort, section=section)
    assert first == again
    assert other_cohort != first
    assert Board.objects.filter(section=section).count() == 2


def test_a_section_without_a_board_has_none(enrollment, curriculum):
    reading = Section.objects.filter(kind=Section.Kind.READING).first()
    with pytest.raises(ValueError, match="no board"):
        board_for(cohort=enrollment.cohort, section=reading)


# --- Posting -----------------------------------------------------------------------------------


def test_posting_with_htmx_returns_a_fresh_box_and_the_list_with_the_new_post(
    participant_client, board, enrollment
):
    response = participant_client.post(
        board_url(board), post_data(board, "I chose the lighthouse picture."), **HTMX
    )
    assert response.status_code == 200
    saved = Post.objects.get(board=board)
    assert saved.enrollment == enrollment
    assert saved.text == "I chose the lighthouse picture."
    assert not saved.is_anonymous
    html = text_of(response)
    assert "Posted to the cohort board." in html
    assert f'id="board-{board.pk}-posts"' in html
    assert 'hx-swap-oob="true"' in html
    assert "I chose the lighthouse picture." in html
    assert 'hx-trigger="every 3s, visibilitychange from:document"' in html  # still polling
    assert response.context["form"]["text"].value() in (None, "")


def test_posting_without_javascript_goes_back_to_the_board_on_the_module_page(
    participant_client, board, enrollment
):
    response = participant_client.post(board_url(board), post_data(board, "Plain form post"))
    module = board.section.module
    assert response.status_code == 302
    assert response["Location"] == f"{module_url(enrollment, module)}#board-{board.section.slug}"
    assert Post.objects.filter(board=board, text="Plain form post").exists()


def test_the_module_page_shows_the_prompt_and_loads_the_board(participant_client, enrollment):
    module = Section.objects.get(spec__board="introductions").module
    response = participant_client.get(module_url(enrollment, module))
    html = text_of(response)
    for section in module.sections.filter(spec__has_key="board"):
        assert f'id="board-{section.slug}"' in html
        assert section.spec["board_prompt"] in html
        assert reverse("boards:activity", args=[enrollment.cohort_id, section.pk]) in html


def test_the_board_has_no_form_of_its_own_inside_the_module_form(
    participant_client, board, enrollment
):
    response = participant_client.get(module_url(enrollment, board.section.module))
    html = text_of(response)
    start = html.index(f'id="board-{board.section.slug}"')
    assert "<form" not in html[start : html.index("</script>", start)]
    live = participant_client.get(
        reverse("boards:activity", args=[enrollment.cohort_id, board.section_id]), **HTMX
    )
    assert live.status_code == 200
    assert "<form" not in text_of(live)
    assert f"board-{board.pk}-text" in text_of(live)


def test_without_javascript_the_board_opens_on_its_own_page(participant_client, board, enrollment):
    response = participant_client.get(
        reverse("boards:activity", args=[enrollment.cohort_id, board.section_id])
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(board)
    page = participant_client.get(board_url(board))
    assert page.status_code == 200
    assert board.prompt in text_of(page)
    assert '<form method="post"' in text_of(page)


def test_an_empty_post_is_refused_with_a_message_next_to_the_field(participant_client, board):
    response = participant_client.post(board_url(board), post_data(board, "   "), **HTMX)
    assert response.status_code == 422
    assert "Write something before you post." in text_of(response)
    assert not Post.objects.exists()


def test_a_too_long_post_is_refused_and_the_text_stays(participant_client, board):
    text = "x" * (POST_MAX_LENGTH + 1)
    for extra in (HTMX, {}):
        response = participant_client.post(board_url(board), post_data(board, text), **extra)
        assert response.status_code == (422 if extra else 200)
        html = text_of(response)
        assert "Keep your post to 2000 characters: it has 2001." in html
        assert text in html
    assert not Post.objects.exists()


def test_a_post_of_exactly_the_limit_is_accepted(participant_client, board):
    text = "y" * POST_MAX_LENGTH
    response = participant_client.post(board_url(board), post_data(board, text), **HTMX)
    assert response.status_code == 200
    assert Post.objects.get().text == text


def test_the_database_refuses_empty_and_too_long_posts(board, enrollment):
    with pytest.raises(ValidationError):
        post(board, enrollment, text="")
    with pytest.raises(ValidationError):
        post(board, enrollment, text="z" * (POST_MAX_LENGTH + 1))


def test_posting_into_a_closed_session_is_refused(participant_client, board, enrollment):
    close_session(board)
    for extra in (HTMX, {}):
        response = participant_client.post(board_url(board), post_data(board, "Hi"), **extra)
        assert response.status_code == 403
        assert "This board is closed" in text_of(response)
    assert participant_client.get(posts_url(board)).status_code == 403
    activity = reverse("boards:activity", args=[enrollment.cohort_id, board.section_id])
    assert participant_client.get(activity, **HTMX).status_code == 403
    with pytest.raises(BoardClosed):
        post(board, enrollment)
    assert not Post.objects.exists()


def test_a_participant_cannot_post_on_another_cohorts_board(participant_client, section):
    elsewhere = board_for(cohort=EnrollmentFactory().cohort, section=section)
    response = participant_client.post(
        reverse("boards:board", args=[elsewhere.cohort_id, elsewhere.pk]),
        post_data(elsewhere, "Hi"),
    )
    assert response.status_code == 404


def test_a_board_of_another_cohort_is_not_found_under_ones_own_cohort(
    participant_client, enrollment, section
):
    elsewhere = board_for(cohort=EnrollmentFactory().cohort, section=section)
    response = participant_client.post(
        reverse("boards:board", args=[enrollment.cohort_id, elsewhere.pk]),
        post_data(elsewhere, "Hi"),
    )
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_only_the_cohorts_participants_post(board, facilitator):
    with pytest.raises(NotOnThisBoard):
        post(board, facilitator)
    with pytest.raises(NotOnThisBoard):
        post(board, EnrollmentFactory())


# --- Anonymity ---------------------------------------------------------------------------------


def test_an_anonymous_post_shows_anonymous_to_the_other_participants(
    client, board, enrollment, classmate
):
    post(board, classmate, "My mentor assumes I will stay in academia.", anon=True)
    client.force_login(enrollment.user)
    html = text_of(client.get(posts_url(board)))
    assert "My mentor assumes I will stay in academia." in html
    assert "Anonymous" in html
    assert "Rosa Quintero" not in html
    assert classmate.user.email not in html


def test_a_named_post_shows_the_authors_name_to_the_others(client, board, enrollment, classmate):
    post(board, classmate, "Hello from Rosa")
    client.force_login(enrollment.user)
    assert "Dr. Rosa Quintero" in text_of(client.get(posts_url(board)))


def test_the_author_sees_their_anonymous_post_as_their_own(client, board, classmate):
    post(board, classmate, "Only I know I wrote this.", anon=True)
    client.force_login(classmate.user)
    html = text_of(client.get(posts_url(board)))
    assert "You (anonymous to others)" in html
    assert "Dr. Rosa Quintero" not in html


def test_an_anonymous_authors_name_is_only_in_the_facilitators_export(
    client, board, classmate, facilitator
):
    post(board, classmate, "Anonymous, and kept so on the panel", anon=True)
    client.force_login(facilitator.user)
    panel = text_of(client.get(moderation_url(board)))
    assert "Anonymous, and kept so on the panel" in panel
    assert "Anonymous" in panel
    assert "Rosa Quintero" not in panel
    assert "Rosa Quintero" not in text_of(client.get(projector_url(board)))
    rows = export_rows(client, board)
    assert rows[1][1:3] == ["Dr. Rosa Quintero", "yes"]


def test_the_projector_keeps_anonymous_posts_anonymous_whatever_the_names_setting(
    client, board, classmate, facilitator
):
    post(board, classmate, "Shown to the room", anon=True)
    post(board, classmate, "Signed by Rosa")
    client.force_login(facilitator.user)
    html = text_of(client.get(projector_url(board)))
    assert "Shown to the room" in html
    assert "Anonymous" in html
    assert html.count("Dr. Rosa Quintero") == 1  # the signed post only


def test_the_facilitator_hides_and_reveals_names_on_the_projector(
    client, board, classmate, facilitator
):
    post(board, classmate, "Signed by Rosa")
    client.force_login(facilitator.user)
    poll_url = reverse("boards:projector_posts", args=[board.cohort_id, board.pk])
    etag = poll(client, poll_url)["ETag"]
    names_url = reverse("boards:projector_names", args=[board.cohort_id, board.pk])
    response = client.post(names_url, {"shown": "0"})
    assert response["Location"] == moderation_url(board)
    board.refresh_from_db()
    assert not board.names_on_projector
    hidden_names = poll(client, poll_url, etag)
    assert hidden_names.status_code == 200  # the projector picks it up at its next poll
    assert "Dr. Rosa Quintero" not in text_of(hidden_names)
    assert "Reveal names on the projector" in text_of(client.get(moderation_url(board)))
    client.post(names_url, {"shown": "1"})
    assert "Dr. Rosa Quintero" in text_of(client.get(projector_url(board)))


def test_the_pdf_selector_keeps_anonymous_posts_anonymous_and_leaves_hidden_ones_out(
    board, enrollment, classmate
):
    post(board, enrollment, "My own anonymous post", anon=True)
    post(board, classmate, "Rosa's named post")
    post_set_hidden(post=post(board, classmate, "Hidden post"), hidden=True)
    boards = board_posts_for_pdf(enrollment)
    introductions = next(b for b in boards if b["section_id"] == board.section_id)
    assert introductions["title"] == board.section.title
    assert introductions["prompt"] == board.prompt
    assert sorted(introductions["posts"], key=lambda p: p["text"]) == [
        {"text": "My own anonymous post", "author": "Anonymous"},
        {"text": "Rosa's named post", "author": "Dr. Rosa Quintero"},
    ]


def test_the_pdf_selector_runs_in_constant_queries(
    board, enrollment, classmate, section, django_assert_max_num_queries
):
    for board_section in board_sections():
        other = board_for(cohort=enrollment.cohort, section=board_section)
        for n in range(3):
            post(other, classmate, f"Post {n}")
    with django_assert_max_num_queries(2):
        assert len(board_posts_for_pdf(enrollment)) == 5


# --- Moderation --------------------------------------------------------------------------------


def test_a_hidden_post_disappears_for_everyone_but_stays_restorable(
    client, board, enrollment, classmate, facilitator
):
    hidden = post(board, classmate, "Please hide me")
    client.force_login(facilitator.user)
    response = client.post(moderate_url(board, hidden, "hide"), **HTMX)
    assert response.status_code == 200
    assert 'id="moderation-posts"' in text_of(response)
    hidden.refresh_from_db()
    assert hidden.is_hidden
    # The projector no longer shows it; the panel's hidden list does, with Restore.
    assert "Please hide me" not in text_of(client.get(projector_url(board)))
    panel = text_of(client.get(moderation_url(board)))
    shown, hidden_list = panel.split('id="hidden-posts"')
    assert "Please hide me" not in shown
    assert "Please hide me" in hidden_list
    assert moderate_url(board, hidden, "restore") in hidden_list
    # The participants no longer see it.
    client.force_login(enrollment.user)
    assert "Please hide me" not in text_of(client.get(posts_url(board)))
    # Restoring brings it back.
    client.force_login(facilitator.user)
    assert client.post(moderate_url(board, hidden, "restore"))["Location"] == moderation_url(board)
    client.force_login(enrollment.user)
    assert "Please hide me" in text_of(client.get(posts_url(board)))


def test_pinned_posts_come_first_for_participants_and_on_the_projector(
    client, board, enrollment, classmate, facilitator
):
    older = post(board, classmate, "Older but important")
    post(board, classmate, "Newer")
    client.force_login(facilitator.user)
    response = client.post(moderate_url(board, older, "pin"))
    assert response.status_code == 302
    assert response["Location"] == moderation_url(board)
    projector = text_of(client.get(projector_url(board)))
    assert projector.index("Older but important") < projector.index("Newer")
    assert "Unpin" in text_of(client.get(moderation_url(board)))
    client.force_login(enrollment.user)
    html = text_of(client.get(posts_url(board)))
    assert html.index("Older but important") < html.index("Newer")
    assert "Pinned" in html


def test_unpinning_restores_newest_first(board, classmate):
    older = post(board, classmate, "Older")
    post(board, classmate, "Newer")
    post_set_pinned(post=older, pinned=True)
    assert [p.text for p in board.posts.visible()] == ["Older", "Newer"]
    post_set_pinned(post=older, pinned=False)
    assert [p.text for p in board.posts.visible()] == ["Newer", "Older"]


def test_an_unknown_moderation_action_is_not_found(client, board, classmate, facilitator):
    target = post(board, classmate)
    client.force_login(facilitator.user)
    assert client.post(moderate_url(board, target, "delete")).status_code == 404
    assert Post.objects.filter(pk=target.pk).exists()


def test_a_facilitator_cannot_moderate_a_post_of_another_board(
    client, board, enrollment, classmate, facilitator
):
    other_board = board_for(
        cohort=enrollment.cohort, section=Section.objects.get(spec__board="mentoring-up-goal")
    )
    target = post(other_board, classmate)
    client.force_login(facilitator.user)
    url = reverse("boards:moderate", args=[board.cohort_id, board.pk, target.pk, "hide"])
    assert client.post(url).status_code == 404


# --- Polling -----------------------------------------------------------------------------------


def poll(client, url, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(url, headers=headers, **HTMX)


def test_a_poll_answers_200_then_304_then_200_after_a_new_post(
    participant_client, board, classmate
):
    post(board, classmate, "First")
    first = poll(participant_client, posts_url(board))
    assert first.status_code == 200
    etag = first["ETag"]
    assert first.context["etag"] == etag
    html = first.content.decode()
    assert 'hx-headers="{&quot;If-None-Match&quot;: &quot;\\&quot;' in html  # sent back
    assert etag.strip('"') in html
    unchanged = poll(participant_client, posts_url(board), etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    post(board, classmate, "Second")
    changed = poll(participant_client, posts_url(board), etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Second" in text_of(changed)
    assert poll(participant_client, posts_url(board), changed["ETag"]).status_code == 304


def test_hiding_changes_what_the_poll_sees(client, board, enrollment, classmate, facilitator):
    target = post(board, classmate, "Soon hidden")
    client.force_login(enrollment.user)
    etag = poll(client, posts_url(board))["ETag"]
    assert poll(client, posts_url(board), etag).status_code == 304
    post_set_hidden(post=target, hidden=True)
    changed = poll(client, posts_url(board), etag)
    assert changed.status_code == 200
    assert "Soon hidden" not in text_of(changed)


def test_each_participant_has_their_own_etag(client, board, enrollment, classmate):
    """The word "You" differs between two lists: one ETag never answers for the other list."""
    post(board, classmate, "Mine, for Rosa")
    client.force_login(classmate.user)
    etag = poll(client, posts_url(board))["ETag"]
    client.force_login(enrollment.user)
    assert poll(client, posts_url(board), etag).status_code == 200


def test_a_closed_board_answers_403_to_a_poll_even_with_its_old_etag(
    participant_client, board, classmate
):
    post(board, classmate, "Before the close")
    etag = poll(participant_client, posts_url(board))["ETag"]
    close_session(board)
    assert poll(participant_client, posts_url(board), etag).status_code == 403


def test_the_poll_runs_every_3_s_and_when_the_tab_comes_back(participant_client, board):
    """The pause while hidden is in board.js; tests/test_browser_boards.py sees it work."""
    html = participant_client.get(
        reverse("boards:activity", args=[board.cohort_id, board.section_id]), **HTMX
    ).content.decode()
    assert 'hx-trigger="every 3s, visibilitychange from:document"' in html
    assert "data-board-poll" in html


def test_the_projector_poll_answers_304_until_something_changes(
    client, board, classmate, facilitator
):
    client.force_login(facilitator.user)
    url = reverse("boards:projector_posts", args=[board.cohort_id, board.pk])
    etag = poll(client, url)["ETag"]
    assert poll(client, url, etag).status_code == 304
    post(board, classmate, "New on the projector")
    response = poll(client, url, etag)
    assert response.status_code == 200
    assert "New on the projector" in text_of(response)


def test_polls_run_in_constant_queries(
    client, board, enrollment, classmate, facilitator, django_assert_max_num_queries
):
    for n in range(10):
        post(board, classmate, f"Post {n}", anon=n % 2 == 0)
    client.force_login(enrollment.user)
    with django_assert_max_num_queries(8):
        assert client.get(posts_url(board)).status_code == 200
    client.force_login(facilitator.user)
    with django_assert_max_num_queries(8):
        url = reverse("boards:projector_posts", args=[board.cohort_id, board.pk])
        assert client.get(url).status_code == 200


# --- The facilitator's pages -------------------------------------------------------------------


def test_the_boards_list_shows_every_activity_board_with_its_links(
    client, enrollment, facilitator, django_assert_max_num_queries
):
    client.force_login(facilitator.user)
    url = reverse("boards:cohort_boards", args=[enrollment.cohort_id])
    client.get(url)  # the first visit makes the boards
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    boards = Board.objects.filter(cohort=enrollment.cohort)
    assert boards.count() == 5
    html = text_of(response)
    for board in boards:
        assert board.prompt in html
        assert projector_url(board) in html
        assert moderation_url(board) in html
        assert reverse("boards:export", args=[board.cohort_id, board.pk]) in html


def test_the_projector_shows_the_prompt_the_posts_and_a_join_qr_code_but_no_controls(
    client, board, classmate, facilitator
):
    target = post(board, classmate, "Projected post")
    client.force_login(facilitator.user)
    html = text_of(client.get(projector_url(board)))
    assert board.prompt in html
    assert "Projected post" in html
    join = f"http://testserver{board_url(board)}"
    assert f'href="{join}"' in html
    assert '<svg role="img" aria-label="QR code of the join link' in html
    assert 'hx-trigger="every 3s, visibilitychange from:document"' in html
    for action in ("hide", "pin"):
        assert moderate_url(board, target, action) not in html  # moderation is elsewhere


def test_the_qr_code_reads_back_as_the_join_link():
    import segno

    from sessions_app.boards.qr import qr_svg

    url = "https://workbook.example.edu/cohorts/3/boards/7/"
    svg = qr_svg(url, label="Join")
    assert svg.startswith('<svg role="img" aria-label="Join" viewBox=')
    assert svg == qr_svg(url, label="Join")  # the same link, the same picture
    assert segno.make(url, error="m").designator  # segno encodes it without complaint
    assert qr_svg(url + "x", label="Join") != svg


def test_the_moderation_panel_has_the_controls(client, board, classmate, facilitator):
    target = post(board, classmate, "Moderated post")
    client.force_login(facilitator.user)
    html = text_of(client.get(moderation_url(board)))
    assert "Moderated post" in html
    assert moderate_url(board, target, "hide") in html
    assert moderate_url(board, target, "pin") in html
    assert projector_url(board) in html
    url = reverse("boards:moderation_posts", args=[board.cohort_id, board.pk])
    etag = poll(client, url)["ETag"]
    assert poll(client, url, etag).status_code == 304
    post(board, classmate, "A second one")
    assert "A second one" in text_of(poll(client, url, etag))


def test_the_csv_export_has_every_post_with_the_real_names(client, board, classmate, facilitator):
    first = post(board, classmate, "First post")
    post(board, classmate, "Second, anonymous", anon=True)
    post_set_hidden(post=first, hidden=True)
    post_set_pinned(post=first, pinned=True)
    client.force_login(facilitator.user)
    rows = export_rows(client, board)
    assert rows[0] == ["posted at", "author", "anonymous to group", "hidden", "pinned", "text"]
    assert [row[1:] for row in rows[1:]] == [
        ["Dr. Rosa Quintero", "no", "yes", "yes", "First post"],
        ["Dr. Rosa Quintero", "yes", "no", "no", "Second, anonymous"],
    ]
    assert len(rows[1][0]) == len("2026-01-31 09:30")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_csv_export_neutralises_spreadsheet_formulas(
    client, board, classmate, facilitator, start
):
    post(board, classmate, f'{start}HYPERLINK("http://evil.example")')
    classmate.user.display_name = f"{start}cmd|' /C calc'!A0"
    classmate.user.save()
    client.force_login(facilitator.user)
    row = export_rows(client, board)[1]
    assert row[1] == f"'{start}cmd|' /C calc'!A0"
    assert row[5] == f'\'{start}HYPERLINK("http://evil.example")'


# --- The author's own posts: edit, delete, and hidden by the facilitator -------------------------


def edit_url(post):
    return reverse("boards:post_edit", args=[post.board.cohort_id, post.board_id, post.pk])


def delete_url(post):
    return reverse("boards:post_delete", args=[post.board.cohort_id, post.board_id, post.pk])


def edit_data(post, text, version=None, anonymous=False):
    data = {f"post-{post.pk}-text": text, f"post-{post.pk}-version": version or post.version}
    if anonymous:
        data[f"post-{post.pk}-is_anonymous"] = "on"
    return data


def test_the_author_edits_their_post_in_place(participant_client, board, enrollment):
    mine = post(board, enrollment, "Frist draft")
    form = participant_client.get(edit_url(mine), **HTMX)
    assert 'class="card board-editing' in form.content.decode()  # the poll pauses meanwhile
    response = participant_client.post(edit_url(mine), edit_data(mine, "First draft"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#board-{board.pk}-posts"
    assert "Your post is updated." in text_of(response)
    mine.refresh_from_db()
    assert mine.text == "First draft"


def test_an_edit_without_javascript_goes_back_to_the_board(participant_client, board, enrollment):
    mine = post(board, enrollment, "Typo heer")
    assert "Edit your post" in text_of(participant_client.get(edit_url(mine)))
    response = participant_client.post(edit_url(mine), edit_data(mine, "Typo here", anonymous=True))
    assert response["Location"] == board_url(board)
    mine.refresh_from_db()
    assert (mine.text, mine.is_anonymous) == ("Typo here", True)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write something before you post."), ("x" * 2001, "Keep your post to 2000")],
)
def test_a_bad_edit_keeps_the_text_and_says_why(
    participant_client, board, enrollment, text, message
):
    mine = post(board, enrollment, "Kept as it was")
    response = participant_client.post(edit_url(mine), edit_data(mine, text), **HTMX)
    assert response.status_code == 422
    html = text_of(response)
    assert message in html
    assert text.strip()[:50] in html  # what was typed stays in the box
    mine.refresh_from_db()
    assert mine.text == "Kept as it was"


def test_an_edit_of_a_post_changed_meanwhile_is_refused_with_both_texts(
    participant_client, board, enrollment
):
    mine = post(board, enrollment, "Version one")
    stale = mine.version
    assert participant_client.post(edit_url(mine), edit_data(mine, "From tab A")).status_code == 302
    response = participant_client.post(edit_url(mine), edit_data(mine, "From tab B", stale), **HTMX)
    assert response.status_code == 422
    html = text_of(response)
    assert "changed since you opened it" in html
    assert "From tab A" in html  # what the post says now
    assert "From tab B" in html  # and what was typed, still in the box
    mine.refresh_from_db()
    assert mine.text == "From tab A"
    again = participant_client.post(edit_url(mine), edit_data(mine, "From tab B", mine.version))
    assert again.status_code == 302  # saving again, on the version shown, replaces it
    mine.refresh_from_db()
    assert mine.text == "From tab B"


def test_a_broken_version_is_a_message_not_a_500(participant_client, board, enrollment):
    mine = post(board, enrollment, "Still here")
    response = participant_client.post(edit_url(mine), edit_data(mine, "New", "not-a-version"))
    assert response.status_code == 422
    assert "changed since you opened it" in text_of(response)
    missing = participant_client.post(edit_url(mine), {f"post-{mine.pk}-text": "New"})
    assert missing.status_code == 422
    assert "changed since you opened it" in text_of(missing)


def test_the_author_deletes_their_post(participant_client, board, enrollment):
    mine = post(board, enrollment, "Posted by mistake")
    assert "Delete this post?" in text_of(participant_client.get(delete_url(mine)))
    response = participant_client.post(delete_url(mine), **HTMX)
    assert response.status_code == 200
    assert "Your post is deleted." in text_of(response)
    assert "Posted by mistake" not in text_of(response)
    assert not Post.objects.filter(pk=mine.pk).exists()


def test_a_deletion_changes_the_etag(client, board, enrollment, classmate):
    theirs = post(board, classmate, "Soon deleted")
    client.force_login(enrollment.user)
    etag = poll(client, posts_url(board))["ETag"]
    post_delete(post=theirs, enrollment=classmate)
    changed = poll(client, posts_url(board), etag)
    assert changed.status_code == 200
    assert "Soon deleted" not in text_of(changed)


def test_nobody_edits_or_deletes_someone_elses_post(client, board, enrollment, classmate):
    theirs = post(board, classmate, "Rosa's own words")
    client.force_login(enrollment.user)
    assert client.get(edit_url(theirs)).status_code == 404
    assert client.post(edit_url(theirs), edit_data(theirs, "Overwritten")).status_code == 404
    assert client.post(delete_url(theirs)).status_code == 404
    assert Post.objects.get(pk=theirs.pk).text == "Rosa's own words"
    html = text_of(client.get(posts_url(board)))
    assert edit_url(theirs) not in html
    assert delete_url(theirs) not in html
    with pytest.raises(NotYourPost):
        post_delete(post=theirs, enrollment=enrollment)


def test_only_the_author_sees_their_hidden_post_and_may_delete_not_edit_it(
    client, board, enrollment, classmate
):
    theirs = post(board, classmate, "Too much detail about my PI")
    post_set_hidden(post=theirs, hidden=True)
    client.force_login(enrollment.user)
    assert "Too much detail" not in text_of(client.get(posts_url(board)))
    client.force_login(classmate.user)
    html = text_of(client.get(posts_url(board)))
    assert "Too much detail about my PI" in html
    assert "Hidden by your facilitator" in html
    assert delete_url(theirs) in html
    assert edit_url(theirs) not in html
    response = client.post(edit_url(theirs), edit_data(theirs, "Sneaked back"), **HTMX)
    assert response.status_code == 422
    assert "Your facilitator hid this post" in text_of(response)
    assert "Sneaked back" in text_of(response)
    assert client.post(delete_url(theirs)).status_code == 302
    assert not Post.objects.filter(pk=theirs.pk).exists()


def test_a_closed_board_takes_no_edits_or_deletions(participant_client, board, enrollment):
    mine = post(board, enrollment, "Frozen")
    close_session(board)
    assert participant_client.post(edit_url(mine), edit_data(mine, "Thawed")).status_code == 403
    assert participant_client.post(delete_url(mine)).status_code == 403
    assert Post.objects.get(pk=mine.pk).text == "Frozen"
