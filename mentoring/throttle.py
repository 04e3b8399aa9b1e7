"""Limits kept in the cache that every process shares (the database cache by default, Redis when
REDIS_URL is set; see CACHES in settings).

- Guesses: wrong join codes, invitation links and mentor links, per client address and per kind,
  so that misses on join codes never block a valid mentor link. Every miss counts, a malformed
  code too; once an address has too many misses of a kind, that kind answers 429 for the rest of
  the hour, right codes included, so that the answers tell a guesser nothing more.
- Outgoing mail: how many mails one person sends, or one address receives unasked, in an hour
  (`mail_allowed`, `mail_or_refuse`), for every sender: mentor links, invitations, password
  resets, sign-up mails.
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

from .tokens import is_well_formed  # noqa: F401  (the views ask the throttle)

WINDOW_SECONDS = 3600

JOIN_CODE = "join-code"
INVITATION = "invitation"
MENTOR_LINK = "mentor-link"
KINDS = (JOIN_CODE, INVITATION, MENTOR_LINK)


def _client(request) -> str:
    # The same client address as the login lockout (DJANGO_PROXY_COUNT behind a proxy).
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def _count(key: str) -> int:
    return cache.get(key, 0)


def _add(key: str, delta: int = 1) -> int:
    """Count `delta` more in the hour that started with the first; returns the new count."""
    if cache.add(key, delta, WINDOW_SECONDS):
        return delta
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between add and incr
        cache.add(key, delta, WINDOW_SECONDS)
        return delta


def _guess_key(request, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of guess: {kind!r}")
    return f"guess-misses:{kind}:{_client(request)}"


def too_many_misses(request, kind: str) -> bool:
    return _count(_guess_key(request, kind)) >= settings.JOIN_ATTEMPTS_PER_HOUR


def record_miss(request, kind: str) -> None:
    _add(_guess_key(request, kind))


# Outgoing mail: one helper for every sender (mentor links, password resets, invitations).


class MailLimitReached(Exception):
    """This person has sent as many mails as allowed in the hour."""

    message = (
        "You have sent as many e-mails as allowed in one hour ({limit}). Nothing more was sent: "
        "try again in an hour."
    )

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(self.message.format(limit=limit))


def _mail_key(who) -> str:
    """A person: a user (what their actions send) or an address (what is sent to it when
    nobody is signed in: password resets, sign-up mails; counted whether or not an account has
    the address, so that the limit tells nothing about accounts)."""
    if hasattr(who, "pk"):
        return f"mails-sent:user:{who.pk}"
    return f"mails-sent:address:{str(who).strip().lower()}"


def mail_allowed(who, count: int = 1) -> bool:
    """Count `count` mails for `who` in this hour when they still fit under MAILS_PER_HOUR:
    True then; False, with nothing counted, when they do not."""
    key = _mail_key(who)
    if _count(key) + count > settings.MAILS_PER_HOUR:
        return False
    _add(key, count)
    return True


def mail_or_refuse(who, count: int = 1) -> None:
    """mail_allowed, raising MailLimitReached (its message is the one to show) when not."""
    if not mail_allowed(who, count):
        raise MailLimitReached(settings.MAILS_PER_HOUR)
