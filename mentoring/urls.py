from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Mentoring Up administration"
admin.site.site_title = "Mentoring Up"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("", include("accounts.urls")),
    path("", include("sessions_app.urls")),
    path("", include("worksheets.urls")),
    path("", include("worksheets.mentor_urls")),
    path("", include("sessions_app.facilitator_urls")),
    path("", include("sessions_app.board_urls")),
]
