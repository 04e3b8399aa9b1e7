"""The demo cohort: a facilitator and a participant whose whole workbook is filled in."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from sessions_app.models import Cohort, CohortSession, Enrollment, Prompt, Session

from .models import Answer

DEMO_WORKBOOK = Path(__file__).resolve().parent / "demo" / "demo-workbook.yaml"
DEMO_COHORT_NAME = "Demo cohort"
DEMO_JOIN_CODE = "demo"
FACILITATOR = {
    "email": "facilitator@example.org",
    "password": "demo-facilitator",
    "name": "Jordan Lee",
}
PARTICIPANT = {"email": "demo@example.org", "password": "demo-postdoc", "name": "Dr. Alex Rivera"}


@dataclass
class DemoAccounts:
    cohort: Cohort
    facilitator: Enrollment
    participant: Enrollment


def _demo_user(account: dict, *, is_staff: bool):
    user, _ = get_user_model().objects.get_or_create(
        email=account["email"], defaults={"display_name": account["name"], "is_staff": is_staff}
    )
    user.set_password(account["password"])  # the README promises these passwords
    user.save()
    return user


@transaction.atomic
def demo_seed(*, workbook_path: Path = DEMO_WORKBOOK) -> DemoAccounts:
    """Create the demo cohort and accounts; fill in every answer the participant has not written.

    Idempotent: running it again adds what is missing and never overwrites an existing answer.
    """
    cohort, _ = Cohort.objects.get_or_create(
        join_code=DEMO_JOIN_CODE, defaults={"name": DEMO_COHORT_NAME}
    )
    for session in Session.objects.active():
        CohortSession.objects.update_or_create(
            cohort=cohort, session=session, defaults={"is_open": True}
        )
    facilitator, _ = Enrollment.objects.get_or_create(
        cohort=cohort,
        user=_demo_user(FACILITATOR, is_staff=True),
        defaults={"role": Enrollment.Role.FACILITATOR},
    )
    participant, _ = Enrollment.objects.get_or_create(
        cohort=cohort,
        user=_demo_user(PARTICIPANT, is_staff=False),
        defaults={"role": Enrollment.Role.PARTICIPANT},
    )
    workbook = yaml.safe_load(workbook_path.read_text(encoding="utf-8"))["modules"]
    _fill_answers(participant, workbook)
    return DemoAccounts(cohort, facilitator, participant)


def _fill_answers(enrollment, workbook):
    prompts = Prompt.objects.active().select_related("section__module")
    written = set(Answer.objects.for_enrollment(enrollment).values_list("prompt_id", flat=True))
    new_answers = []
    for prompt in prompts:
        text = (
            workbook.get(prompt.section.module.slug, {})
            .get("answers", {})
            .get(prompt.section.slug, {})
            .get(prompt.slug)
        )
        if text and prompt.pk not in written:
            new_answers.append(Answer(enrollment=enrollment, prompt=prompt, text=text.strip()))
    Answer.objects.bulk_create(new_answers)
