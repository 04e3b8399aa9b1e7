"""Shape saved worksheet values for the server-made charts (pages and PDF alike)."""

from django.utils.safestring import mark_safe

from . import charts


def questionnaire_stages(spec, ratings: dict, second: dict | None = None):
    number = 0
    stages = []
    for stage in spec["stages"]:
        items = []
        for item in stage["items"]:
            number += 1
            items.append(
                {
                    "number": number,
                    "left": item["left"],
                    "right": item["right"],
                    "value": ratings.get(item["slug"]),
                    "second": (second or {}).get(item["slug"]),
                }
            )
        stages.append({"title": stage["title"], "items": items})
    return stages


def mentor_map_groups(spec, names: dict):
    """names: category slug → list of names."""
    groups = []
    for category in spec["categories"]:
        if not groups or groups[-1]["title"] != category["group"]:
            groups.append({"title": category["group"], "categories": []})
        groups[-1]["categories"].append(
            {"title": category["title"], "names": names.get(category["slug"], [])}
        )
    return groups


def four_way_domains(spec, values: dict):
    """values: field name (e.g. importance_work) → number or None."""
    return [
        {
            "title": domain["title"],
            **{
                measure["slug"]: values.get(f"{measure['slug']}_{domain['slug']}")
                for measure in spec["measures"]
            },
        }
        for domain in spec["domains"]
    ]


def questionnaire_svg(spec, ratings, *, second=None, second_label=None, id_prefix, statements=True):
    stages = questionnaire_stages(spec, ratings, second)
    scale = (spec["scale"]["min"], spec["scale"]["max"])
    return mark_safe(
        charts.questionnaire_profile_svg(
            stages=stages,
            scale=scale,
            id_prefix=id_prefix,
            second_label=second_label,
            statements=statements,
        )
    )


def mentor_map_svg(spec, names, *, person, id_prefix):
    groups = mentor_map_groups(spec, names)
    return mark_safe(charts.mentor_map_svg(person=person, groups=groups, id_prefix=id_prefix))


def four_way_svg(spec, values, *, id_prefix):
    domains = four_way_domains(spec, values)
    return mark_safe(charts.four_way_view_svg(domains=domains, id_prefix=id_prefix))
