from django.apps import AppConfig


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = "Course and cohorts"

    def ready(self):
        from .curriculum import signals  # noqa: F401  (connects the curriculum's change signals)
