"""Conditional polls of the live boards.

Each polled fragment carries the ETag of the state it shows and sends it back as If-None-Match
(hx-headers, since the fragments are never cached: the browser passes the 304 to the page).
An unchanged board answers 304 Not Modified with no body, and board.js keeps what is shown.
"""

import json

from django.utils.cache import get_conditional_response, quote_etag

POLL_SECONDS = 3
# Every 3 s, and at once when the tab comes back into view. board.js cancels a poll while the
# tab is hidden or someone is editing a post in the list (a swap would take the edit away):
# htmx's own trigger filters, [document.visibilityState === ...], need eval, which the
# Content-Security-Policy rightly forbids.
POLL_TRIGGER = f"every {POLL_SECONDS}s, visibilitychange from:document"


def poll_etag(*parts) -> str:
    """A quoted ETag made of the board's state and whatever else the fragment depends on."""
    return quote_etag("-".join(str(part) for part in parts))


def not_modified(request, etag: str):
    """304 when the request's If-None-Match already names `etag`, else None."""
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        response["ETag"] = etag
    return response


def poll_context(etag: str) -> dict:
    return {
        "etag": etag,
        "poll_headers": json.dumps({"If-None-Match": etag}),
        "poll_trigger": POLL_TRIGGER,
    }


def with_etag(response, etag: str):
    response["ETag"] = etag
    return response
