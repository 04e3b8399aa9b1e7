from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluation.demo import evaluation_demo_seed
from evaluation.instruments.loader import instrument_load
from sessions_app.models import Module
from worksheets.demo import FACILITATOR, PARTICIPANT, demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo cohort, a facilitator and a participant with a filled-in workbook; "
        "load the survey instrument (idempotent); the demo cohort answered it before and after."
    )

    def handle(self, *args, **options):
        if not Module.objects.active().exists():
            raise CommandError("Load the curriculum first: python manage.py load_curriculum")
        demo = demo_seed()
        instrument_load(path=settings.SURVEY_PATH)
        evaluation_demo_seed(demo.cohort)
        self.stdout.write(self.style.SUCCESS(f"Demo cohort ready: {demo.cohort}"))
        for role, account in (("facilitator", FACILITATOR), ("participant", PARTICIPANT)):
            self.stdout.write(f"  {role:<12} {account['email']}  password: {account['password']}")
        self.stdout.write(f"  join link    /join/{demo.cohort.join_code}/")
