"""The site's URLs: each part's own URL file, mounted where its pages live.

A part whose pages live under several prefixes (a participant's and a facilitator's, a
participant's and a mentor's) names those prefixes in its own urls.py, so that each URL name
stays in one namespace."""

from django.contrib import admin
from django.urls import include, path, re_path

from . import throttle, views

admin.site.site_header = "Mentoring Up administration"
admin.site.site_title = "Mentoring Up"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("", include("sessions_app.urls")),  # home, cohorts/<id>/ and its sharing page
    path("", include("accounts.urls")),  # accounts/…, join/<code>/, invite/<token>/
    path("accounts/sso/", include("accounts.sso.urls")),  # SAML and OpenID Connect
    path("", include("worksheets.urls")),  # cohorts/<id>/modules/…, the PDFs
    path("", include("worksheets.mentor.urls")),  # cohorts/<id>/mentor/…, mentor/<token>/…
    path("", include("followup.urls")),  # cohorts/<id>/goals/…, check-ins, meetings
    path("", include("sessions_app.boards.urls")),  # cohorts/<id>/boards/…, facilitate/…/boards/
    path("facilitate/", include("sessions_app.facilitator.urls")),
    path("", include("evaluation.urls")),  # cohorts/<id>/evaluation/…, facilitate/…, certificates/
    # Last: what is left under these prefixes is a malformed code, counted as a miss of its kind.
    re_path(r"^join/", views.unmatched_code, {"kind": throttle.JOIN_CODE}, name="bad_join"),
    re_path(r"^invite/", views.unmatched_code, {"kind": throttle.INVITATION}, name="bad_invite"),
    re_path(r"^mentor/", views.unmatched_code, {"kind": throttle.MENTOR_LINK}, name="bad_mentor"),
]
