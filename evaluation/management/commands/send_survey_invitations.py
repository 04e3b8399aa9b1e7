from django.core.management.base import BaseCommand

from evaluation.invitations import survey_invitations_send


class Command(BaseCommand):
    help = (
        "E-mail participants when the survey after the course opens, and the follow-up six "
        "months later. Safe to run often (e.g. daily from cron): each participant is mailed "
        "once per wave, and never once they have answered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="the app's address")

    def handle(self, *args, site_url, **options):
        sent = survey_invitations_send(site_url=site_url)
        self.stdout.write(f"Survey invitations sent: {sent}.")
