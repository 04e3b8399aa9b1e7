from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "After the course"

    def ready(self):
        from .hooks import connect

        connect()
