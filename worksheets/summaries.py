"""Anonymous cohort summaries for facilitators: nothing is shown for fewer than three people."""

from collections import Counter, defaultdict

from sessions_app.models import Enrollment, Section

from . import charts
from .models import FourWayView, QuestionnaireRating, RolesChecklist, StrategyChoice

MIN_RESPONDENTS = 3


def cohort_summaries(cohort) -> dict:
    ids = list(Enrollment.objects.participants().filter(cohort=cohort).values_list("pk", flat=True))
    worksheets = {
        s.worksheet_type: s
        for s in Section.objects.active().filter(
            worksheet_type__in=["questionnaire", "four_way_view", "roles"]
        )
    }
    return {
        "min_respondents": MIN_RESPONDENTS,
        "questionnaire": _questionnaire(worksheets.get("questionnaire"), ids),
        "four_way_view": _four_way_view(worksheets.get("four_way_view"), ids),
        "strategies": _strategies(ids),
        "roles": _roles(worksheets.get("roles"), ids),
    }


def _enough(respondents: int) -> bool:
    return respondents >= MIN_RESPONDENTS


def _questionnaire(section, ids):
    if section is None:
        return None
    ratings = QuestionnaireRating.objects.filter(enrollment_id__in=ids, section=section)
    counts, people = defaultdict(Counter), set()
    for enrollment_id, item, value in ratings.values_list("enrollment_id", "item", "value"):
        counts[item][value] += 1
        people.add(enrollment_id)
    scale = range(section.spec["scale"]["min"], section.spec["scale"]["max"] + 1)
    number, items = 0, []
    for stage in section.spec["stages"]:
        for item in stage["items"]:
            number += 1
            spread = counts[item["slug"]]
            answered = sum(spread.values())
            shown = _enough(answered)
            items.append(
                {
                    "number": number,
                    "left": item["left"],
                    "right": item["right"],
                    "answered": answered,
                    "shown": shown,
                    "spread": [{"value": v, "count": spread[v]} for v in scale] if shown else [],
                    "largest": max(spread.values(), default=0),
                }
            )
    return {"respondents": len(people), "shown": _enough(len(people)), "items": items}


def _four_way_view(section, ids):
    if section is None:
        return None
    measures = [m["slug"] for m in section.spec["measures"]]
    domains = [d["slug"] for d in section.spec["domains"]]
    complete = (
        FourWayView.objects.filter(enrollment_id__in=ids, section=section)
        .exclude(importance_work=None)
        .exclude(focus_work=None)
    )
    views = list(complete)
    shown = _enough(len(views))
    averages = {}
    if shown:
        for measure in measures:
            for domain in domains:
                name = f"{measure}_{domain}"
                given = [getattr(v, name) for v in views if getattr(v, name) is not None]
                averages[name] = round(sum(given) / len(given)) if given else None
    return {
        "respondents": len(views),
        "shown": shown,
        "rows": [
            {
                "title": d["title"],
                "importance": averages.get(f"importance_{d['slug']}"),
                "focus": averages.get(f"focus_{d['slug']}"),
            }
            for d in section.spec["domains"]
        ],
        "chart": charts.four_way_svg(section.spec, averages, id_prefix="cohort-four-way")
        if shown
        else "",
    }


def _strategies(ids):
    texts = {}
    for section in (
        Section.objects.active().filter(worksheet_type="strategies").select_related("module")
    ):
        for item in section.spec.get("items", []):
            texts[(section.pk, item["slug"])] = (section.module.title, item["text"])
    counts, people = Counter(), set()
    for enrollment_id, section_id, chosen in StrategyChoice.objects.filter(
        enrollment_id__in=ids
    ).values_list("enrollment_id", "section_id", "chosen"):
        people.add(enrollment_id)
        for slug in chosen:
            if (section_id, slug) in texts:
                counts[(section_id, slug)] += 1
    shown = _enough(len(people))
    top = (
        [
            {"module": texts[key][0], "text": texts[key][1], "count": n}
            for key, n in counts.most_common(10)
        ]
        if shown
        else []
    )
    return {"respondents": len(people), "shown": shown, "top": top}


def _roles(section, ids):
    if section is None:
        return None
    texts = {r["slug"]: r["text"] for g in section.spec["groups"] for r in g["roles"]}
    needed, priorities, people = Counter(), Counter(), set()
    for enrollment_id, n, p in RolesChecklist.objects.filter(
        enrollment_id__in=ids, section=section
    ).values_list("enrollment_id", "needed", "priorities"):
        people.add(enrollment_id)
        needed.update(s for s in n if s in texts)
        priorities.update(s for s in p if s in texts)
    shown = _enough(len(people))
    rows = (
        [
            {"text": texts[slug], "needed": count, "priority": priorities[slug]}
            for slug, count in needed.most_common(8)
        ]
        if shown
        else []
    )
    return {"respondents": len(people), "shown": shown, "top": rows}
