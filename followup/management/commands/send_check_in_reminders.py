from django.core.management.base import BaseCommand

from followup.reminders import check_in_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each participant when one of their check-ins after the course is due (by "
        "default 1, 3 and 6 months after the cohort's last session). Safe to run often, e.g. "
        "daily from cron: each reminder is sent once, and never to someone who turned them off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="the app's address")

    def handle(self, *args, site_url, **options):
        sent = check_in_reminders_send(site_url=site_url)
        self.stdout.write(f"Check-in reminders sent: {sent}.")
