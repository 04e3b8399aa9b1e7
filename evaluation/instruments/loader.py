"""Load a checked instrument into the database, idempotently, keyed on slugs.

Re-loading an edited file updates wording without touching anyone's answers; an item or
construct gone from the file is retired (kept with its answers, no longer asked)."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..models import Construct, Instrument, Item
from .reader import read_instrument


@dataclass
class LoadReport:
    instrument: Instrument | None = None
    counts: Counter = field(default_factory=Counter)

    def note(self, model, outcome: str) -> None:
        self.counts[f"{model._meta.verbose_name_plural} {outcome}"] += outcome != "unchanged"

    def __str__(self):
        changed = [f"{n} {key}" for key, n in sorted(self.counts.items()) if n]
        return ", ".join(changed) or "nothing changed"


def _upsert(model, report: LoadReport, lookup: dict, values: dict):
    values = {**values, "is_active": True}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        report.note(model, "created")
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    report.note(model, "updated" if changed else "unchanged")
    return obj


def _retire(queryset, keep_ids, report: LoadReport):
    retired = queryset.exclude(pk__in=keep_ids).filter(is_active=True).update(is_active=False)
    report.counts[f"{queryset.model._meta.verbose_name_plural} retired"] += retired


@transaction.atomic
def instrument_load(*, path: Path) -> LoadReport:
    """Check the whole file, then store it; a malformed file stores nothing."""
    data = read_instrument(path)
    report = LoadReport()
    instrument = _upsert(
        Instrument,
        report,
        {"slug": data["slug"]},
        {"title": data["title"], "description": data["description"]},
    )
    construct_ids, item_ids = [], []
    for position, construct_data in enumerate(data["constructs"]):
        construct = _upsert(
            Construct,
            report,
            {"instrument": instrument, "slug": construct_data["slug"]},
            {"title": construct_data["title"], "position": position},
        )
        construct_ids.append(construct.pk)
        for item_position, item_data in enumerate(construct_data["items"]):
            item = _load_item(instrument, construct, item_position, item_data, report)
            item_ids.append(item.pk)
    _retire(instrument.constructs.all(), construct_ids, report)
    _retire(instrument.items.all(), item_ids, report)
    report.instrument = instrument
    return report


def _load_item(instrument, construct, position, data, report):
    scale = data["scale"] or {}
    return _upsert(
        Item,
        report,
        {"instrument": instrument, "slug": data["slug"]},
        {
            "construct": construct,
            "kind": data["kind"],
            "text": data["text"],
            "mentor_text": data["mentor_text"],
            "scale_min": scale.get("min"),
            "scale_max": scale.get("max"),
            "min_label": scale.get("min_label", ""),
            "max_label": scale.get("max_label", ""),
            "choices": data["choices"],
            "waves": " ".join(data["waves"]),
            "required": data["required"],
            "position": position,
        },
    )
