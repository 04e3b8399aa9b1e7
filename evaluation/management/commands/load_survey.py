from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluation.instruments.loader import instrument_load
from evaluation.instruments.reader import SurveyFormatError


class Command(BaseCommand):
    help = (
        "Load a survey instrument from a YAML file (default: the project's own). Idempotent: "
        "records are matched on their slugs, wording is updated, answers are never touched. "
        "A malformed file is refused as a whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=settings.SURVEY_PATH)

    def handle(self, *args, path, **options):
        try:
            report = instrument_load(path=path)
        except SurveyFormatError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {report.instrument}: {report}"))
