import re
from urllib.parse import unquote_to_bytes

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# C0 controls (NUL among them), DEL and the C1 controls: nothing a person means to put in an
# address, a query or a cookie. PostgreSQL refuses NUL in any text, so such a value would turn a
# lookup into a 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The largest id any of our tables can hold (a signed 64-bit integer); SQLite cannot even be
# asked about a larger one.
LARGEST_ID = 2**63 - 1


URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def is_utf8_form(body: bytes) -> bool:
    try:
        for part in re.split(rb"[&;]", body):
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class BadRequestMiddleware:
    """Refuse, with a clear 400 page, a request whose address, query or cookies hold control
    characters, or a form whose bytes are not UTF-8; and answer 404 for an id in the address
    larger than any row can have.

    Form fields are the forms' own business: every Django text field refuses NUL with a message
    next to the field, so a typed text is never lost to a whole-request refusal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem:
            response = render(request, "400.html", {"problem": problem}, status=400)
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)

    @staticmethod
    def problem(request) -> str:
        if CONTROL_CHARACTERS.search(request.path_info):
            return "The address holds a control character."
        for key, values in request.GET.lists():
            if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values):
                return "The address's query holds a control character."
        for key, value in request.COOKIES.items():
            if CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value):
                return "A cookie holds a control character. Clear this site's cookies."
        # Django would read bytes that are not UTF-8 as U+FFFD and store that.
        if (
            request.method == "POST"
            and request.content_type == URLENCODED
            and not is_utf8_form(request.body)
        ):
            return "The form was not sent as UTF-8 text. Reload the page and send it again."
        if request.method == "POST" and request.content_type in {URLENCODED, MULTIPART}:
            # Field names come from our pages, never from typing; the values are the forms'.
            for key in request.POST:
                if CONTROL_CHARACTERS.search(key):
                    return "The form sent a field name with a control character."
        return ""

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not 0 <= value <= LARGEST_ID:
                raise Http404("No such id.")
        return None


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is stored by browsers or proxies: their pages can hold
    private reflections, often read on shared computers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
