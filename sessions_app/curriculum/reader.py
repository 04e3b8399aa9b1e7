"""Read and check a curriculum file (docs/curriculum-format.md) before anything is stored."""

import re
from pathlib import Path

import yaml

from sessions_app.models.course import worksheet_kind_choices

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SECTION_KINDS = {"reading", "activity", "case_study", "worksheet"}
# Keys that become model fields; everything else a section defines is kept in Section.spec.
SECTION_FIELDS = {"slug", "kind", "worksheet", "title", "summary", "body", "prompts", "optional"}
# What may be optional: material to read and discuss. A worksheet is the module's own exercise.
OPTIONAL_KINDS = {"reading", "activity", "case_study"}


def worksheet_kinds() -> set[str]:
    return {slug for slug, _label in worksheet_kind_choices()}


class CurriculumError(ValueError):
    """The file cannot be loaded; the message names the place in the file."""


def read_curriculum(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CurriculumError(f"cannot read {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise CurriculumError(f"{path} is not valid YAML: {exc}") from exc
    check_curriculum(data)
    return data


def check_curriculum(data) -> None:
    if not isinstance(data, dict):
        raise CurriculumError("the file must be a mapping with a 'sessions' list")
    _require(data, "sessions", list, "top level")
    _check_unique_slugs(data["sessions"], "sessions")
    module_slugs = []
    for i, session in enumerate(data["sessions"]):
        where = f"sessions[{i}]"
        _require_slug(session, where)
        _require(session, "number", int, where)
        _require(session, "title", str, where)
        _require(session, "modules", list, where)
        for j, module in enumerate(session["modules"]):
            _check_module(module, f"{where}.modules[{j}]")
            module_slugs.append(module["slug"])
    duplicates = {slug for slug in module_slugs if module_slugs.count(slug) > 1}
    if duplicates:
        raise CurriculumError(f"module slugs used twice: {', '.join(sorted(duplicates))}")
    _check_smart_fields(data)


def _check_smart_fields(data):
    uses_smart_goals = any(
        section.get("worksheet") == "smart_goals"
        for session in data["sessions"]
        for module in session["modules"]
        for section in module["sections"]
    )
    if uses_smart_goals:
        _require(data, "smart_fields", list, "top level (smart_goals worksheets need it)")
        for n, smart_field in enumerate(data["smart_fields"]):
            _require_slug(smart_field, f"smart_fields[{n}]")
            _require(smart_field, "label", str, f"smart_fields[{n}]")


def _check_module(module, where):
    _require_slug(module, where)
    _require(module, "title", str, where)
    _require(module, "sections", list, where)
    if not isinstance(module.get("objectives", []), list):
        raise CurriculumError(f"{where}: 'objectives' must be a list")
    _check_unique_slugs(module["sections"], f"{where}.sections")
    for k, section in enumerate(module["sections"]):
        _check_section(section, f"{where}.sections[{k}] ({section.get('slug', '?')})")


def _check_section(section, where):
    _require_slug(section, where)
    _require(section, "title", str, where)
    if section.get("kind") not in SECTION_KINDS:
        raise CurriculumError(f"{where}: 'kind' must be one of {', '.join(sorted(SECTION_KINDS))}")
    kinds = worksheet_kinds()
    if section["kind"] == "worksheet" and section.get("worksheet") not in kinds:
        raise CurriculumError(f"{where}: 'worksheet' must be one of {', '.join(sorted(kinds))}")
    _check_optional(section, where)
    prompts = section.get("prompts", [])
    if not isinstance(prompts, list):
        raise CurriculumError(f"{where}: 'prompts' must be a list")
    _check_unique_slugs(prompts, f"{where}.prompts")
    for n, prompt in enumerate(prompts):
        _require_slug(prompt, f"{where}.prompts[{n}]")
        _require(prompt, "text", str, f"{where}.prompts[{n}]")
    if section.get("worksheet") == "grid":
        for axis in ("rows", "columns"):
            _require(section, axis, list, where)
            _check_unique_slugs(section[axis], f"{where}.{axis}")
            for m, item in enumerate(section[axis]):
                _require_slug(item, f"{where}.{axis}[{m}]")
                _require(item, "label", str, f"{where}.{axis}[{m}]")


def _check_optional(section, where):
    optional = section.get("optional", False)
    if not isinstance(optional, bool):
        raise CurriculumError(f"{where}: 'optional' must be true or false")
    if optional and section["kind"] not in OPTIONAL_KINDS:
        raise CurriculumError(
            f"{where}: only a reading, an activity or a case study can be optional, "
            f"not a {section['kind']}"
        )
    summary = section.get("summary")
    if (
        optional
        and section["kind"] == "reading"
        and not (isinstance(summary, str) and summary.strip())
    ):
        raise CurriculumError(
            f"{where}: further reading needs a 'summary', shown while the reading is folded away"
        )


def _require(mapping, key, kind, where):
    if not isinstance(mapping, dict) or not isinstance(mapping.get(key), kind):
        raise CurriculumError(f"{where}: '{key}' is missing or is not a {kind.__name__}")


def _require_slug(mapping, where):
    _require(mapping, "slug", str, where)
    if not SLUG.match(mapping["slug"]):
        raise CurriculumError(
            f"{where}: slug '{mapping['slug']}' must be lower-case words joined by hyphens"
        )


def _check_unique_slugs(items, where):
    slugs = [item.get("slug") for item in items if isinstance(item, dict)]
    duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
    if duplicates:
        raise CurriculumError(f"{where}: slugs used twice: {', '.join(sorted(duplicates))}")


def section_prompts(section: dict) -> list[dict]:
    """The prompts a section asks, grid cells first (row by row), then its own questions."""
    prompts = []
    if section.get("worksheet") == "grid":
        for row in section["rows"]:
            for column in section["columns"]:
                prompts.append(
                    {
                        "slug": f"{row['slug']}--{column['slug']}",
                        "text": f"{row['label']} — {column['label']}",
                        "row_label": row["label"],
                        "column_label": column["label"],
                    }
                )
    for prompt in section.get("prompts", []):
        prompts.append({"slug": prompt["slug"], "text": prompt["text"]})
    return prompts


def section_spec(section: dict, curriculum: dict) -> dict:
    spec = {key: value for key, value in section.items() if key not in SECTION_FIELDS}
    if isinstance(spec.get("instructions"), str):
        spec["instructions"] = unwrap(spec["instructions"])
    if section.get("worksheet") == "smart_goals":
        spec["fields"] = curriculum.get("smart_fields", [])  # kept with the worksheet that uses it
    return spec


LIST_LINE = re.compile(r"^\s*(\d+[.)]|[-*\u2022])\s")


def unwrap(text: str) -> str:
    """Join the lines of each paragraph that a YAML block scalar wrapped, so pages and the PDF
    flow the text to their own width; blank lines and list lines stay as written."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        merged = []
        for line in lines:
            if merged and not LIST_LINE.match(line):
                merged[-1] = f"{merged[-1]} {line}"
            else:
                merged.append(line)
        paragraphs.append("\n".join(merged))
    return "\n\n".join(p for p in paragraphs if p)
