"""A small per-address limit on guessing join codes and invitation links."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(request) -> str:
    return f"join-misses:{request.META.get('REMOTE_ADDR', 'unknown')}"


def too_many_misses(request) -> bool:
    return cache.get(_key(request), 0) >= settings.JOIN_ATTEMPTS_PER_HOUR


def record_miss(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)
