"""The demo cohort: a facilitator and a participant whose whole workbook is filled in."""

import random
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from sessions_app.models import Cohort, CohortSession, Enrollment, Prompt, Section, Session

from .. import kinds
from ..models import Answer, FourWayView, QuestionnaireRating
from . import fillers
from .boards import seed_board_posts

DEMO_WORKBOOK = Path(__file__).resolve().parent / "demo-workbook.yaml"
DEMO_COHORT_NAME = "Demo cohort"
DEMO_JOIN_CODE = "demo"
FACILITATOR = {
    "email": "facilitator@example.org",
    "password": "demo-facilitator",
    "name": "Jordan Lee",
}
PARTICIPANT = {"email": "demo@example.org", "password": "demo-postdoc", "name": "Dr. Alex Rivera"}


# What other parts add to the demo once the workbook is filled in: functions of the
# DemoAccounts, registered when their app loads (followup: a check-in and a logged meeting).
EXTRAS: list = []


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
    _fill_worksheets(participant, workbook)
    _seed_classmates(cohort)
    _seed_demo_mentor(participant)
    seed_board_posts(cohort)
    demo = DemoAccounts(cohort, facilitator, participant)
    for extra in EXTRAS:
        extra(demo)
    return demo


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


def _fill_worksheets(enrollment, workbook):
    """Structured worksheets, each written only where the participant has nothing yet."""
    sections = Section.objects.active().filter(kind="worksheet").select_related("module")
    for section in sections:
        data = workbook.get(section.module.slug, {}).get("worksheets", {}).get(section.slug)
        kind = kinds.of(section)
        if data and kind and kind.demo:
            kind.demo(enrollment, section, data)


CLASSMATES = [
    ("Dr. Priya Natarajan", "priya.demo@example.org"),
    ("Dr. Tomás Herrera", "tomas.demo@example.org"),
    ("Dr. Mei Lin", "mei.demo@example.org"),
    ("Dr. Jonah Weiss", "jonah.demo@example.org"),
]
FOUR_WAY_SPLITS = [
    (40, 30, 10, 20, 65, 20, 5, 10),
    (35, 35, 15, 15, 55, 30, 5, 10),
    (50, 25, 5, 20, 70, 15, 5, 10),
    (30, 40, 10, 20, 50, 35, 5, 10),
]


def _seed_classmates(cohort):
    """A few more participants with ratings and choices, so the facilitator's progress grid and
    anonymous summaries have something to show. They have no free-text answers."""
    rng = random.Random(7)  # the same demo every time
    sections = {s.worksheet_type: s for s in Section.objects.active().filter(kind="worksheet")}
    for index, (name, email) in enumerate(CLASSMATES):
        user = _demo_user(
            {"email": email, "password": PARTICIPANT["password"], "name": name}, is_staff=False
        )
        enrollment, _ = Enrollment.objects.get_or_create(cohort=cohort, user=user)
        if "questionnaire" in sections:
            section = sections["questionnaire"]
            items = [i["slug"] for st in section.spec["stages"] for i in st["items"]]
            fillers.questionnaire(
                enrollment, section, {i: rng.randint(1, 6) for i in items[: 19 - index * 3]}
            )
        if "four_way_view" in sections:
            numbers = FOUR_WAY_SPLITS[index % len(FOUR_WAY_SPLITS)]
            domains = ("work", "home", "community", "self")
            values = {f"importance_{d}": n for d, n in zip(domains, numbers[:4], strict=True)}
            values |= {f"focus_{d}": n for d, n in zip(domains, numbers[4:], strict=True)}
            values |= {f"satisfaction_{d}": rng.randint(3, 9) for d in (*domains, "overall")}
            fillers.single_record(FourWayView, enrollment, sections["four_way_view"], values)
        if "roles" in sections:
            roles = [r["slug"] for g in sections["roles"].spec["groups"] for r in g["roles"]]
            needed = rng.sample(roles, 6)
            fillers.roles(
                enrollment, sections["roles"], {"needed": needed, "priorities": needed[:3]}
            )
        for strategies in Section.objects.active().filter(worksheet_type="strategies"):
            slugs = [item["slug"] for item in strategies.spec.get("items", [])]
            fillers.strategies(
                enrollment, strategies, {"chosen": rng.sample(slugs, min(2, len(slugs)))}
            )


DEMO_MENTOR = {"name": "Prof. Helen Park", "email": "helen.park@example.org"}
# The mentor's side of the questionnaire: close to the demo postdoc's on most items, three or
# more points apart on a few, so the comparison has something to talk about.
MENTOR_DIFFERS_ON = {2, 7, 11, 16}


def _seed_demo_mentor(enrollment):
    """A demo mentor link with ratings, comments and the mentor's signature."""
    from ..mentor.services import mentor_link_create, record
    from ..models import MentorLink, MentorRating, MentorshipAgreement

    if MentorLink.objects.filter(enrollment=enrollment).exists():
        return
    link, _ = mentor_link_create(enrollment=enrollment, mentor_name=DEMO_MENTOR["name"])
    # The demo agreement is drafted with this mentor, whose signature it already carries.
    MentorshipAgreement.objects.filter(enrollment=enrollment).update(mentor_link=link)
    section = Section.objects.active().filter(worksheet_type="questionnaire").first()
    if section is not None:
        mine = dict(
            QuestionnaireRating.objects.filter(enrollment=enrollment, section=section).values_list(
                "item", "value"
            )
        )
        items = [i["slug"] for stage in section.spec["stages"] for i in stage["items"]]
        for number, item in enumerate(items, start=1):
            own = mine.get(item, 3)
            if number in MENTOR_DIFFERS_ON:
                value = 6 if own <= 3 else 1
            else:
                value = min(6, max(1, own + (1 if number % 3 == 0 else 0)))
            MentorRating.objects.create(link=link, item=item, value=value)
        record(link, f"rated {len(items)} questionnaire items")
    link.comments = {
        "meeting-frequency": "Weekly works for me; let's keep Thursday mornings and move them "
        "rather than skip them when I travel.",
        "goals": "Happy with these. I would add one first-author paper before the K99 goes in.",
    }
    link.save(update_fields=["comments"])
    record(link, "commented on 2 section(s) of the agreement")
