"""How the demo fills in each worksheet kind from demo-workbook.yaml, named in the registry
(worksheets/kinds.py). Each writes only where the participant has nothing yet."""

from ..models import (
    FourWayView,
    ListItem,
    MentorMapEntry,
    MentorshipAgreement,
    QuestionnaireRating,
    RolesChecklist,
    SmartGoal,
    StairSteps,
    StrategyChoice,
)


def single_record(model, enrollment, section, values):
    model.objects.get_or_create(enrollment=enrollment, section=section, defaults=values)


def strategies(enrollment, section, data):
    values = {"chosen": data.get("chosen", []), "own": data.get("own", [])}
    single_record(StrategyChoice, enrollment, section, values)


def smart_goals(enrollment, section, goals):
    if (
        SmartGoal.objects.filter(enrollment=enrollment, section=section)
        .exclude(specific="")
        .exists()
    ):
        return
    SmartGoal.objects.filter(enrollment=enrollment, section=section).delete()  # only empty ones
    for goal in goals:
        SmartGoal.objects.create(
            enrollment=enrollment,
            section=section,
            **{name: goal.get(name, "").strip() for name in SmartGoal.FIELDS},
        )


def roles(enrollment, section, data):
    values = {"needed": data.get("needed", []), "priorities": data.get("priorities", [])}
    single_record(RolesChecklist, enrollment, section, values)


def agreement(enrollment, section, data):
    signatures = data.get("signatures", {})
    values = {
        "mentor_name": data.get("mentor_name", ""),
        "mentee_name": data.get("mentee_name", ""),
        "fields": {k: v.strip() for k, v in data.get("fields", {}).items()},
    }
    for who in ("mentor", "mentee"):
        if who in signatures:
            values[f"{who}_signature"] = signatures[who]["name"]
            values[f"{who}_signed_on"] = signatures[who]["date"]
    single_record(MentorshipAgreement, enrollment, section, values)


def questionnaire(enrollment, section, ratings):
    for item, value in ratings.items():
        QuestionnaireRating.objects.get_or_create(
            enrollment=enrollment, section=section, item=item, defaults={"value": value}
        )


def mentor_map(enrollment, section, categories):
    for category, people in categories.items():
        for slot, person in enumerate(people, start=1):
            MentorMapEntry.objects.get_or_create(
                enrollment=enrollment,
                section=section,
                category=category,
                slot=slot,
                defaults={"name": person.get("name", ""), "note": person.get("note", "")},
            )


def stair_steps(enrollment, section, data):
    values = {key.replace("-", "_"): text.strip() for key, text in data.items()}
    single_record(StairSteps, enrollment, section, values)


def four_way_view(enrollment, section, data):
    values = {
        f"{measure}_{row}": number for measure, rows in data.items() for row, number in rows.items()
    }
    single_record(FourWayView, enrollment, section, values)


def list_items(enrollment, section, items):
    for position, text in enumerate(items, start=1):
        ListItem.objects.get_or_create(
            enrollment=enrollment, section=section, position=position, defaults={"text": text}
        )
