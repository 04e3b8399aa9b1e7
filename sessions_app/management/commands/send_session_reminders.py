from django.core.management.base import BaseCommand

from sessions_app.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail participants the day before a scheduled session, with a calendar file and a "
        "link to the session's first module. Safe to run often (e.g. hourly from cron): each "
        "session's reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="the app's address")

    def handle(self, *args, site_url, **options):
        sent = reminders_send(site_url=site_url)
        self.stdout.write(
            f"Reminders sent for {len(sent)} session(s), {sum(sent.values())} e-mails."
        )
