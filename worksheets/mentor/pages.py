"""What every page behind a mentor link does first, whichever part it belongs to (the mentor's
questionnaire and agreement here, the meeting log in followup, the survey in evaluation): find
the working link for the token, or answer with the page that says why not; and send the page
with headers that keep the token in its address private."""

from django.shortcuts import render

from mentoring import throttle

from .services import mentor_link_for_token


def mentor_page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    # No referrer ever leaves the site (the token is in the address); same-origin keeps the
    # Origin header on our own form posts, which CSRF protection needs.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store, private"
    return response


def link_or_page(request, token):
    """(link, None) for a working link, else (None, a clear page saying why): guesses over the
    limit (429), an unknown token (404), an expired or withdrawn link (410)."""
    if throttle.too_many_misses(request, throttle.MENTOR_LINK):
        return None, mentor_page(request, "mentor/unusable.html", {"reason": "throttled"}, 429)
    link = mentor_link_for_token(token) if throttle.is_well_formed(token) else None
    if link is None:
        throttle.record_miss(request, throttle.MENTOR_LINK)
        return None, mentor_page(request, "mentor/unusable.html", {"reason": "unknown"}, 404)
    if link.state != "active":
        return None, mentor_page(request, "mentor/unusable.html", {"reason": link.state}, 410)
    return link, None
