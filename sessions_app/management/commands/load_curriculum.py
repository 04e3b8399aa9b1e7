from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sessions_app.curriculum.loader import curriculum_load
from sessions_app.curriculum.reader import CurriculumError


class Command(BaseCommand):
    help = (
        "Load the course curriculum from a YAML file (default: the project's own). Idempotent: "
        "records are matched on their slugs, text is updated, answers are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=settings.CURRICULUM_PATH)

    def handle(self, *args, path, **options):
        try:
            report = curriculum_load(path=path)
        except CurriculumError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {path}: {report}"))
