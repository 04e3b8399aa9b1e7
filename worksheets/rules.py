"""The rules of a whole worksheet: how much of it is done, and what keeps it from being complete.

Each rule takes the section and the person's records of it (a list, empty when nothing is
saved). A progress rule answers (done, total). A notes rule answers the messages that keep a
stored worksheet from being complete, keyed by the form field they sit next to (or by another
name, for a note on the worksheet as a whole, shown above it): such a rule
never stops what was typed from being stored, it only says what is missing, on the page, in
the progress and in the PDF."""

from .models import FourWayView, SmartGoal

Notes = dict[str, list[str]]


def _filled(*values) -> int:
    return sum(1 for v in values if v not in (None, "", [], {}))


def strategies_progress(section, records):
    record = _first(records)
    return (1 if record and (record.chosen or record.own) else 0), 1


def roles_progress(section, records):
    record = _first(records)
    if record is None:
        return 0, 2
    priorities_done = bool(record.priorities) and not roles_notes(section, records)
    return _filled(record.needed) + (1 if priorities_done else 0), 2


def roles_notes(section, records) -> Notes:
    record = _first(records)
    if record is None or not record.priorities:
        return {}
    wanted = section.spec.get("priorities", 3)
    not_needed = [p for p in record.priorities if p not in record.needed]
    if not_needed:
        labels = {role["slug"]: role["text"] for g in section.spec["groups"] for role in g["roles"]}
        names = "; ".join(labels.get(p, p) for p in not_needed)
        return {"priorities": [f"A priority must also be ticked as a role you need: {names}."]}
    if len(record.priorities) != wanted:
        chosen = len(record.priorities)
        return {"priorities": [f"Choose exactly {wanted} priorities (you chose {chosen})."]}
    return {}


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
    required = _required_steps(section)
    done = _filled(*(getattr(record, name).strip() for name in required)) if record else 0
    return done, len(required)


def stair_steps_notes(section, records) -> Notes:
    record = _first(records)
    names = [step["slug"].replace("-", "_") for step in section.spec["steps"]]
    if record is None or not any(getattr(record, name).strip() for name in names):
        return {}
    return {
        name: ["Write this step: the challenging task and steps 1 to 3 are needed."]
        for name in _required_steps(section)
        if not getattr(record, name).strip()
    }


def _required_steps(section):
    return [s["slug"].replace("-", "_") for s in section.spec["steps"] if s["required"]]


def four_way_view_progress(section, records):
    record = _first(records)
    if record is None:
        return 0, 4
    off = four_way_view_notes(section, records)  # keyed by the measure
    columns = {
        measure: [f"{measure}_{row}" for row in rows]
        for measure, rows in (
            ("importance", FourWayView.RATING_ROWS[:4]),
            ("focus", FourWayView.RATING_ROWS[:4]),
            ("satisfaction", FourWayView.RATING_ROWS),
            ("performance", FourWayView.RATING_ROWS),
        )
    }
    complete = [
        measure
        for measure, names in columns.items()
        if measure not in off and None not in [getattr(record, n) for n in names]
    ]
    return len(complete), 4


def four_way_view_notes(section, records) -> Notes:
    """A percent column that has been started must add up to exactly 100."""
    record = _first(records)
    if record is None:
        return {}
    notes = {}
    for measure in section.spec["measures"]:
        if measure["kind"] != "percent":
            continue
        names = [f"{measure['slug']}_{d['slug']}" for d in section.spec["domains"]]
        given = [getattr(record, name) for name in names]
        if all(v is None for v in given):
            continue
        total = sum(v or 0 for v in given)
        if None in given or total != 100:
            missing = " Fill in every domain." if None in given else ""
            notes[measure["slug"]] = [
                f"{measure['title']} adds up to {total}%; it must add up to exactly 100%.{missing}"
            ]
    return notes


def smart_goals_progress(section, goals):
    """The best goal counts: one fully written goal completes the worksheet."""
    best = max((_filled(*(getattr(g, f) for f in SmartGoal.FIELDS)) for g in goals), default=0)
    return best, len(SmartGoal.FIELDS)


def questionnaire_progress(section, ratings):
    return len(ratings), sum(len(stage["items"]) for stage in section.spec["stages"])


def mentor_map_progress(section, entries):
    return len({e.category for e in entries if e.name}), len(section.spec["categories"])


def list_progress(section, items):
    return len([i for i in items if i.text.strip()]), section.spec.get("min_items", 1)


def list_notes(section, items) -> Notes:
    written = sorted(i.position for i in items if i.text.strip())
    minimum = section.spec.get("min_items", 1)
    if not written or len(written) >= minimum:
        return {}
    first_empty = next(p for p in range(1, minimum + 2) if p not in written)
    message = f"Write at least {minimum}; you have written {len(written)} so far."
    return {f"item_{first_empty}": [message]}


def _first(records):
    return records[0] if records else None
