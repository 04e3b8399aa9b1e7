"""Load a checked curriculum file into the database, idempotently, keyed on slugs."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..models import CurriculumStamp, Module, Prompt, Section, Session
from .reader import read_curriculum, section_prompts, section_spec, unwrap


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)

    def note(self, model_name: str, outcome: str) -> None:
        self.counts[f"{model_name} {outcome}"] += 1

    @property
    def changed(self) -> bool:
        return any(n for key, n in self.counts.items() if not key.endswith("unchanged"))

    def __str__(self):
        return ", ".join(f"{n} {key}" for key, n in sorted(self.counts.items())) or "nothing"


def _upsert(model, report: LoadReport, lookup: dict, values: dict):
    """Create or update one record, writing only when a value really changed."""
    values = {**values, "is_active": True}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.note(model._meta.verbose_name_plural, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.note(model._meta.verbose_name_plural, "updated")
    else:
        report.note(model._meta.verbose_name_plural, "unchanged")
    return obj


def _retire(queryset, keep_ids, report: LoadReport):
    retired = queryset.exclude(pk__in=keep_ids).filter(is_active=True).update(is_active=False)
    if retired:
        report.counts[f"{queryset.model._meta.verbose_name_plural} retired"] += retired


@transaction.atomic
def curriculum_load(*, path: Path) -> LoadReport:
    """Load a curriculum file idempotently, keyed on slugs; answers are never touched."""
    data = read_curriculum(path)
    report = LoadReport()
    session_ids, module_ids = [], []
    for session_data in data["sessions"]:
        session = _upsert(
            Session,
            report,
            {"slug": session_data["slug"]},
            {
                "number": session_data["number"],
                "kind": session_data.get("kind", Session.Kind.SESSION),
                "title": session_data["title"],
            },
        )
        session_ids.append(session.pk)
        for position, module_data in enumerate(session_data["modules"]):
            module = _load_module(session, position, module_data, data, report)
            module_ids.append(module.pk)
    _retire(Session.objects.all(), session_ids, report)
    _retire(Module.objects.all(), module_ids, report)
    CurriculumStamp.bump()  # retiring updates in bulk, which sends no signal
    return report


def _load_module(session, position, data, curriculum, report):
    module = _upsert(
        Module,
        report,
        {"slug": data["slug"]},
        {
            "session": session,
            "title": data["title"],
            "intro": unwrap(data.get("intro", "")),
            "objectives": data.get("objectives", []),
            "position": position,
        },
    )
    section_ids = []
    for section_position, section_data in enumerate(data["sections"]):
        section = _upsert(
            Section,
            report,
            {"module": module, "slug": section_data["slug"]},
            {
                "kind": section_data["kind"],
                "worksheet_type": section_data.get("worksheet", ""),
                "title": section_data["title"],
                "summary": unwrap(section_data.get("summary", "")),
                "body": unwrap(section_data.get("body", "")),
                "spec": section_spec(section_data, curriculum),
                "position": section_position,
                "is_optional": section_data.get("optional", False),
            },
        )
        section_ids.append(section.pk)
        prompt_ids = [
            _upsert(
                Prompt,
                report,
                {"section": section, "slug": prompt["slug"]},
                {
                    "text": unwrap(prompt["text"]),
                    "row_label": prompt.get("row_label", ""),
                    "column_label": prompt.get("column_label", ""),
                    "position": prompt_position,
                },
            ).pk
            for prompt_position, prompt in enumerate(section_prompts(section_data))
        ]
        _retire(section.prompts.all(), prompt_ids, report)
    _retire(module.sections.all(), section_ids, report)
    return module
