"""Live cohort boards: participants post from the module page, facilitators run the projector.

Participant URLs answer 404 to anyone who is not a participant of the cohort and 403 while the
activity's session is closed. Facilitator URLs answer 404 to anyone who does not run the cohort.
"""

import csv
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..models import Board
from ..selectors import participant_enrollment
from ..services import facilitated_cohorts
from .forms import PostEditForm, PostForm
from .polling import not_modified, poll_context, poll_etag, with_etag
from .qr import qr_svg
from .selectors import (
    board_export_rows,
    board_is_open,
    board_sections,
    board_state,
    posts_for_moderation,
    posts_for_participant,
    posts_for_projector,
)
from .services import (
    BoardClosed,
    PostChanged,
    PostHidden,
    PostLimitReached,
    board_for,
    board_set_names_on_projector,
    boards_create_missing,
    post_create,
    post_delete,
    post_edit,
    post_set_hidden,
    post_set_pinned,
)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _participant_etag(board, enrollment) -> str:
    return poll_etag(board_state(board), f"p{enrollment.pk}")


# --- Participants -------------------------------------------------------------------------------


def _participant_board(request, cohort_id, board_id):
    enrollment = participant_enrollment(request, cohort_id)
    board = get_object_or_404(
        Board.objects.select_related("section__module__session"),
        pk=board_id,
        cohort_id=cohort_id,
    )
    return enrollment, board


def _closed(request, enrollment, board):
    template = "boards/_closed.html" if _is_htmx(request) else "boards/closed.html"
    return render(request, template, {"enrollment": enrollment, "board": board}, status=403)


def _module_anchor(board) -> str:
    module_url = reverse("worksheets:module", args=[board.cohort_id, board.section.module.slug])
    return f"{module_url}#board-{board.section.slug}"


def _post_form(board, data=None, **kwargs):
    return PostForm(data, prefix=f"board-{board.pk}", **kwargs)


def _participant_context(board, enrollment, etag=None, **extra):
    etag = etag or _participant_etag(board, enrollment)  # read before the posts: a race
    return {  # costs one more render, never a missed change
        "board": board,
        "enrollment": enrollment,
        **poll_context(etag),
        "posts": posts_for_participant(board=board, enrollment=enrollment),
        **extra,
    }


@login_required
@require_GET
@never_cache
def activity_board(request, cohort_id, section_id):
    """The module page loads its board from here; without JavaScript, the board's own page."""
    enrollment = participant_enrollment(request, cohort_id)
    section = get_object_or_404(board_sections(), pk=section_id)
    board = board_for(cohort=enrollment.cohort, section=section)
    if not board_is_open(board):
        return _closed(request, enrollment, board)
    if not _is_htmx(request):
        return redirect("boards:board", cohort_id, board.pk)
    context = _participant_context(board, enrollment, form=_post_form(board), live=True)
    return render(request, "boards/_live.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def board_page(request, cohort_id, board_id):
    """Post on a board: from the module page with htmx, or from this page without JavaScript."""
    enrollment, board = _participant_board(request, cohort_id, board_id)
    if not board_is_open(board):
        return _closed(request, enrollment, board)
    form = _post_form(board, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            post_create(
                board=board,
                enrollment=enrollment,
                text=form.cleaned_data["text"],
                is_anonymous=form.cleaned_data["is_anonymous"],
            )
        except BoardClosed:  # closed between page load and post
            return _closed(request, enrollment, board)
        except PostLimitReached as limit:
            form.add_error("text", str(limit))  # next to the box; the text stays in it
    if request.method == "POST" and form.is_valid():
        if not _is_htmx(request):
            messages.success(request, "Your post is on the cohort board.")
            return redirect(_module_anchor(board))
        # A fresh box that remembers the anonymity choice, and the list with the new post.
        form = _post_form(board, initial={"is_anonymous": form.cleaned_data["is_anonymous"]})
        context = _participant_context(
            board, enrollment, form=form, posted=True, oob=True, live=True
        )
        return render(request, "boards/_composer.html", context)
    if _is_htmx(request):  # the message goes next to the field; the text stays in it
        context = {"board": board, "enrollment": enrollment, "form": form}
        return render(request, "boards/_composer.html", context, status=422)
    context = _participant_context(
        board, enrollment, form=form, module_url=_module_anchor(board), live=True
    )
    return render(request, "boards/board.html", context)


@login_required
@require_GET
@never_cache
def board_posts(request, cohort_id, board_id):
    """The list of posts, polled every 3 s by the module page: 304 when nothing changed."""
    enrollment, board = _participant_board(request, cohort_id, board_id)
    if not board_is_open(board):
        return _closed(request, enrollment, board)
    context_for = partial(_participant_context, board, enrollment, live=True)
    return _polled(request, _participant_etag(board, enrollment), "boards/_posts.html", context_for)


def _own_post(request, cohort_id, board_id, post_id):
    """The participant's own post on an open board: 404 for anyone else's."""
    enrollment, board = _participant_board(request, cohort_id, board_id)
    post = get_object_or_404(board.posts.select_related("board"), pk=post_id, enrollment=enrollment)
    return enrollment, board, post


def _posts_answer(request, board, enrollment, message):
    """After an edit or a deletion: the fresh list (htmx), or back to the board's page."""
    if not _is_htmx(request):
        messages.success(request, message)
        return redirect("boards:board", board.cohort_id, board.pk)
    context = _participant_context(board, enrollment, live=True, note=message)
    response = render(request, "boards/_posts.html", context)
    response["HX-Retarget"] = f"#board-{board.pk}-posts"  # the edit was aimed at one post
    response["HX-Reswap"] = "outerHTML"
    return response


CHANGED = (
    "This post changed since you opened it; it now reads: “{text}”. Save again to put your "
    "text in its place."
)


def _save_edit(form, post, enrollment) -> bool:
    """The edit, or the reason it was not saved next to the box (the typed text stays)."""
    try:
        post_edit(post=post, enrollment=enrollment, **form.cleaned_data)
    except PostHidden:
        form.add_error(None, "Your facilitator hid this post, so it cannot be edited now.")
    except PostChanged as changed:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = changed.post.version  # saving again overwrites
        form.add_error(None, CHANGED.format(text=changed.post.text))
    return not form.errors


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def post_edit_page(request, cohort_id, board_id, post_id):
    """The author edits their post: in place in the list (htmx), or on its own page."""
    enrollment, board, post = _own_post(request, cohort_id, board_id, post_id)
    if not board_is_open(board):
        return _closed(request, enrollment, board)
    form = PostEditForm(request.POST if request.method == "POST" else None, instance=post)
    try:
        if request.method == "POST" and form.is_valid() and _save_edit(form, post, enrollment):
            return _posts_answer(request, board, enrollment, "Your post is updated.")
    except BoardClosed:
        return _closed(request, enrollment, board)
    context = {"board": board, "enrollment": enrollment, "post": post, "form": form}
    status = 422 if form.errors else 200
    if _is_htmx(request):
        return render(request, "boards/_post_edit.html", context, status=status)
    context["module_url"] = _module_anchor(board)
    return render(request, "boards/post_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def post_delete_page(request, cohort_id, board_id, post_id):
    """The author deletes their post; without JavaScript, this page asks first."""
    enrollment, board, post = _own_post(request, cohort_id, board_id, post_id)
    if not board_is_open(board):
        return _closed(request, enrollment, board)
    if request.method == "GET":
        context = {"board": board, "enrollment": enrollment, "post": post}
        return render(request, "boards/post_delete.html", context)
    try:
        post_delete(post=post, enrollment=enrollment)
    except BoardClosed:
        return _closed(request, enrollment, board)
    return _posts_answer(request, board, enrollment, "Your post is deleted.")


# --- Facilitators -------------------------------------------------------------------------------


def _facilitated_cohort(request, cohort_id):
    return get_object_or_404(facilitated_cohorts(request.user), pk=cohort_id)


def _facilitated_board(request, cohort_id, board_id):
    cohort = _facilitated_cohort(request, cohort_id)
    return get_object_or_404(
        Board.objects.select_related("cohort", "section__module__session"),
        pk=board_id,
        cohort=cohort,
    )


def _projector_etag(board) -> str:
    return poll_etag(board_state(board), "names" if board.names_on_projector else "room")


def _projector_context(board, etag=None, **extra):
    etag = etag or _projector_etag(board)
    return {"board": board, "posts": posts_for_projector(board), **poll_context(etag), **extra}


def _moderation_context(board, etag=None, **extra):
    etag = etag or _projector_etag(board)
    visible, hidden = posts_for_moderation(board)
    return {"board": board, "visible": visible, "hidden": hidden, **poll_context(etag), **extra}


def _polled(request, etag, template, context_for):
    """The fragment for a poll, or 304 when the page already shows this state."""
    if unchanged := not_modified(request, etag):
        return unchanged
    return with_etag(render(request, template, context_for(etag)), etag)


@login_required
@require_GET
def cohort_boards(request, cohort_id):
    cohort = _facilitated_cohort(request, cohort_id)
    boards_create_missing(cohort=cohort)
    boards = Board.objects.for_cohort(cohort).filter(section__in=board_sections())
    return render(
        request,
        "boards/cohort_boards.html",
        {
            "cohort": cohort,
            "boards": boards.with_post_counts(),
            "open_session_ids": cohort.open_session_ids(),
        },
    )


def _join(request, board) -> dict:
    url = request.build_absolute_uri(reverse("boards:board", args=[board.cohort_id, board.pk]))
    return {"join_url": url, "join_qr": qr_svg(url, label=f"QR code of the join link, {url}")}


@login_required
@require_GET
@never_cache
def projector(request, cohort_id, board_id):
    """The screen the room sees: the question, the join link and its QR code, the posts."""
    board = _facilitated_board(request, cohort_id, board_id)
    context = _projector_context(board, is_open=board_is_open(board), **_join(request, board))
    return render(request, "boards/projector.html", context)


@login_required
@require_GET
@never_cache
def projector_posts(request, cohort_id, board_id):
    board = _facilitated_board(request, cohort_id, board_id)
    context_for = partial(_projector_context, board)
    return _polled(request, _projector_etag(board), "boards/_projector_posts.html", context_for)


@login_required
@require_GET
@never_cache
def moderation(request, cohort_id, board_id):
    """The facilitator's own screen beside the projector: hide, restore, pin, names."""
    board = _facilitated_board(request, cohort_id, board_id)
    context = _moderation_context(board, cohort=board.cohort, is_open=board_is_open(board))
    return render(request, "boards/moderation.html", context)


@login_required
@require_GET
@never_cache
def moderation_posts(request, cohort_id, board_id):
    board = _facilitated_board(request, cohort_id, board_id)
    context_for = partial(_moderation_context, board)
    return _polled(request, _projector_etag(board), "boards/_moderation_posts.html", context_for)


@login_required
@require_POST
def projector_names(request, cohort_id, board_id):
    board = _facilitated_board(request, cohort_id, board_id)
    board_set_names_on_projector(board=board, shown=request.POST.get("shown") == "1")
    shown = "shows" if board.names_on_projector else "no longer shows"
    messages.success(request, f"The projector {shown} the names of signed posts.")
    return redirect("boards:moderation", board.cohort_id, board.pk)


MODERATION = {
    "hide": (post_set_hidden, {"hidden": True}),
    "restore": (post_set_hidden, {"hidden": False}),
    "pin": (post_set_pinned, {"pinned": True}),
    "unpin": (post_set_pinned, {"pinned": False}),
}


@login_required
@require_POST
def post_moderate(request, cohort_id, board_id, post_id, action):
    board = _facilitated_board(request, cohort_id, board_id)
    if action not in MODERATION:
        raise Http404
    post = get_object_or_404(board.posts, pk=post_id)
    service, arguments = MODERATION[action]
    service(post=post, **arguments)
    if _is_htmx(request):
        return render(request, "boards/_moderation_posts.html", _moderation_context(board))
    return redirect("boards:moderation", board.cohort_id, board.pk)


@login_required
@require_GET
def board_export(request, cohort_id, board_id):
    board = _facilitated_board(request, cohort_id, board_id)
    filename = f"board-{board.cohort_id}-{slugify(board.section.spec.get('board', board.pk))}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    csv.writer(response).writerows(board_export_rows(board))
    return response
