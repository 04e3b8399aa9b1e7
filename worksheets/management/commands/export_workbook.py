from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sessions_app.models import Enrollment
from worksheets.pdf import PdfError, blank_workbook_pdf, workbook_pdf


class Command(BaseCommand):
    help = "Write a participant's workbook (or the blank printable workbook) as a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="the participant's e-mail address")
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="the PDF file to write"
        )
        parser.add_argument("--blank", action="store_true", help="the blank printable workbook")
        parser.add_argument("--cohort", help="the cohort's name, when the person is in several")

    def handle(self, *args, email, output, blank, cohort, **options):
        if blank == bool(email):
            raise CommandError("Give either a participant's e-mail or --blank.")
        try:
            pdf = blank_workbook_pdf() if blank else workbook_pdf(self._enrollment(email, cohort))
        except PdfError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(pdf.content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(pdf.content):,} bytes)"))

    def _enrollment(self, email, cohort):
        enrollments = Enrollment.objects.participants().filter(user__email__iexact=email)
        if cohort:
            enrollments = enrollments.filter(cohort__name=cohort)
        enrollments = list(enrollments.select_related("user", "cohort"))
        if not enrollments:
            raise CommandError(f"No participant with the e-mail {email}.")
        if len(enrollments) > 1:
            names = ", ".join(e.cohort.name for e in enrollments)
            raise CommandError(f"{email} is in several cohorts ({names}): add --cohort NAME.")
        return enrollments[0]
