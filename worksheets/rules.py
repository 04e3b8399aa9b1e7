"""How much of one worksheet is done: each rule takes the section and the person's records of
it (a list, empty when nothing is saved) and answers (done, total)."""

from .models import FourWayView, SmartGoal


def _filled(*values) -> int:
    return sum(1 for v in values if v not in (None, "", [], {}))


def strategies_progress(section, records):
    record = _first(records)
    return (1 if record and (record.chosen or record.own) else 0), 1


def roles_progress(section, records):
    record = _first(records)
    wanted = section.spec.get("priorities", 3)
    if record is None:
        return 0, 2
    return _filled(record.needed) + (1 if len(record.priorities) == wanted else 0), 2


def agreement_progress(section, records):
    record = _first(records)
    parts = [p for p in section.spec.get("sections", []) if p["input"] != "none"]
    total = len(parts) + 4  # the two names and the two signatures
    if record is None:
        return 0, total
    texts = [record.fields.get(p["slug"]) for p in parts]
    names = (
        record.mentor_name,
        record.mentee_name,
        record.mentor_signature,
        record.mentee_signature,
    )
    return _filled(*texts, *names), total


def stair_steps_progress(section, records):
    record = _first(records)
    required = [s["slug"].replace("-", "_") for s in section.spec["steps"] if s["required"]]
    done = _filled(*(getattr(record, name) for name in required)) if record else 0
    return done, len(required)


def four_way_view_progress(section, records):
    record = _first(records)
    if record is None:
        return 0, 4
    columns = [
        [getattr(record, f"{m}_{row}") for row in rows]
        for m, rows in (
            ("importance", FourWayView.RATING_ROWS[:4]),
            ("focus", FourWayView.RATING_ROWS[:4]),
            ("satisfaction", FourWayView.RATING_ROWS),
            ("performance", FourWayView.RATING_ROWS),
        )
    ]
    return sum(1 for column in columns if None not in column), 4


def smart_goals_progress(section, goals):
    """The best goal counts: one fully written goal completes the worksheet."""
    best = max((_filled(*(getattr(g, f) for f in SmartGoal.FIELDS)) for g in goals), default=0)
    return best, len(SmartGoal.FIELDS)


def questionnaire_progress(section, ratings):
    return len(ratings), sum(len(stage["items"]) for stage in section.spec["stages"])


def mentor_map_progress(section, entries):
    return len({e.category for e in entries if e.name}), len(section.spec["categories"])


def list_progress(section, items):
    return len([i for i in items if i.text]), section.spec.get("min_items", 1)


def _first(records):
    return records[0] if records else None
