"""Request logging that names the route, never the path: paths hold secret tokens (invitation
and mentor links, password resets), and a log is read by more people than the database.

- `AccessLogMiddleware` writes one line per request (method, route name, status, time); gunicorn's
  own access log is off (gunicorn.conf.py).
- `RouteOnlyFilter`, on the log handler, rewrites the path in Django's own request lines
  (django.request's "Not Found: /invite/…", django.server's request line) to the route name.
"""

import logging
import time
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve

logger = logging.getLogger("mentoring.access")


def route_name(path: str) -> str:
    """The URL name a path resolves to ("accounts:invitation"), never the path itself."""
    try:
        match = resolve(urlsplit(path).path or "/")
    except (Resolver404, ValueError):
        return "(no route)"
    return match.view_name or match.route or "(unnamed route)"


def _route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return match.view_name
    return route_name(request.path_info)


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        elapsed_ms = round((time.monotonic() - started) * 1000, 1)
        route = _route_of(request)
        logger.info(
            "%s %s %s %sms",
            request.method,
            route,
            response.status_code,
            elapsed_ms,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": elapsed_ms,
            },
        )
        return response


class RouteOnlyFilter(logging.Filter):
    """Put the route name where a log record would carry the request's path."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            route = _route_of(request)
            paths = {request.path, request.get_full_path()}
            paths |= {p.encode("unicode_escape").decode("ascii") for p in paths}
            record.args = tuple(_replace(arg, paths, route) for arg in _args(record))
            # The JSON formatter writes extra attributes too, and a request's repr has its path.
            record.request = f"{request.method} {route}"
        elif record.name == "django.server" and record.args:
            args = _args(record)
            first = args[0]
            if isinstance(first, str) and " " in first:
                method, _, rest = first.partition(" ")
                path, _, protocol = rest.rpartition(" ")
                first = f"{method} {route_name(path or rest)} {protocol}".strip()
            record.args = (first, *args[1:])
        return True


def _args(record) -> tuple:
    if isinstance(record.args, tuple):
        return record.args
    return (record.args,) if record.args else ()


def _replace(arg, paths, route):
    if not isinstance(arg, str):
        return arg
    for path in sorted(paths, key=len, reverse=True):
        arg = arg.replace(path, route)
    return arg
