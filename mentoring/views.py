from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import throttle


@never_cache
def health(request):
    """For load balancers: 200 when the app can reach its database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def unmatched_code(request, kind):
    """A join, invitation or mentor address that matches none of their pages (a malformed code):
    a miss of its kind like any wrong code, 429 once too many."""
    if throttle.too_many_misses(request, kind):
        return render(request, "accounts/too_many_attempts.html", status=429)
    throttle.record_miss(request, kind)
    return render(request, "404.html", status=404)
