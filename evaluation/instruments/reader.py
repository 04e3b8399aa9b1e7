"""Read and check a survey instrument (docs/survey-format.md) before anything is stored.

The whole file is checked first; the first problem found is reported with its place in the file
("constructs[2].items[0].scale: ...") and nothing is loaded."""

import re
from pathlib import Path

import yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = {"scale", "yes_no", "choice", "text"}
WAVES = ("pre", "post", "follow_up")
MAX_SCALE_POINTS = 11
ITEM_KEYS = {"slug", "kind", "text", "mentor_text", "scale", "choices", "waves", "required"}
SCALE_KEYS = {"min", "max", "min_label", "max_label"}


class SurveyFormatError(ValueError):
    """The file cannot be loaded; the message names the place in the file."""


def read_instrument(path: Path) -> dict:
    """The checked instrument as plain data, with every item's scale resolved."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SurveyFormatError(f"cannot read {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise SurveyFormatError(f"{path} is not valid YAML: {exc}") from exc
    return check_instrument(data)


def check_instrument(data) -> dict:
    if not isinstance(data, dict):
        raise SurveyFormatError("top level: the file must be a mapping with a 'constructs' list")
    _slug(data, "top level")
    _text(data, "title", "top level")
    if not isinstance(data.get("description", ""), str):
        raise SurveyFormatError("top level.description: must be text")
    scales = _named_scales(data.get("scales", {}))
    constructs = data.get("constructs")
    if not isinstance(constructs, list) or not constructs:
        raise SurveyFormatError("top level.constructs: must be a non-empty list")
    _unique(constructs, "constructs")
    checked = [_construct(c, f"constructs[{i}]", scales) for i, c in enumerate(constructs)]
    _unique([item for c in checked for item in c["items"]], "constructs[*].items")
    return {
        "slug": data["slug"],
        "title": data["title"].strip(),
        "description": " ".join(data.get("description", "").split()),
        "constructs": checked,
    }


def _named_scales(scales) -> dict:
    if not isinstance(scales, dict):
        raise SurveyFormatError("scales: must be a mapping of names to scales")
    return {name: _scale(scale, f"scales.{name}") for name, scale in scales.items()}


def _construct(construct, where, scales) -> dict:
    _slug(construct, where)
    _text(construct, "title", where)
    items = construct.get("items")
    if not isinstance(items, list) or not items:
        raise SurveyFormatError(f"{where}.items: must be a non-empty list")
    _unique(items, f"{where}.items")
    return {
        "slug": construct["slug"],
        "title": construct["title"].strip(),
        "items": [_item(item, f"{where}.items[{j}]", scales) for j, item in enumerate(items)],
    }


def _item(item, where, scales) -> dict:
    _slug(item, where)
    _text(item, "text", where)
    unknown = set(item) - ITEM_KEYS
    if unknown:
        raise SurveyFormatError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    kind = item.get("kind", "scale")
    if kind not in KINDS:
        raise SurveyFormatError(f"{where}.kind: must be one of {', '.join(sorted(KINDS))}")
    mentor_text = item.get("mentor_text", "")
    if not isinstance(mentor_text, str):
        raise SurveyFormatError(f"{where}.mentor_text: must be text")
    required = item.get("required", kind != "text")
    if not isinstance(required, bool):
        raise SurveyFormatError(f"{where}.required: must be true or false")
    return {
        "slug": item["slug"],
        "kind": kind,
        "text": " ".join(item["text"].split()),
        "mentor_text": " ".join(mentor_text.split()),
        "waves": _waves(item.get("waves"), f"{where}.waves"),
        "required": required,
        "scale": _item_scale(item, kind, where, scales),
        "choices": _choices(item, kind, where),
    }


def _item_scale(item, kind, where, scales) -> dict | None:
    if kind != "scale":
        if "scale" in item:
            raise SurveyFormatError(f"{where}.scale: only a scale item has a scale")
        return None
    scale = item.get("scale")
    if isinstance(scale, str):
        if scale not in scales:
            raise SurveyFormatError(f"{where}.scale: no scale named '{scale}' under 'scales'")
        return scales[scale]
    return _scale(scale, f"{where}.scale")


def _scale(scale, where) -> dict:
    if not isinstance(scale, dict):
        raise SurveyFormatError(f"{where}: must name a scale or give min, max and their labels")
    unknown = set(scale) - SCALE_KEYS
    if unknown:
        raise SurveyFormatError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    for end in ("min", "max"):
        if not isinstance(scale.get(end), int) or isinstance(scale.get(end), bool):
            raise SurveyFormatError(f"{where}.{end}: must be a whole number")
    if not 0 <= scale["min"] < scale["max"] or scale["max"] - scale["min"] >= MAX_SCALE_POINTS:
        raise SurveyFormatError(
            f"{where}: min must be 0 or more and below max, with at most "
            f"{MAX_SCALE_POINTS} points (got {scale['min']} to {scale['max']})"
        )
    for label in ("min_label", "max_label"):
        _text(scale, label, where)
    return {key: scale[key] for key in ("min", "max", "min_label", "max_label")}


def _choices(item, kind, where) -> list[dict]:
    if kind != "choice":
        if "choices" in item:
            raise SurveyFormatError(f"{where}.choices: only a choice item has choices")
        return []
    choices = item.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        raise SurveyFormatError(f"{where}.choices: must be a list of at least two choices")
    _unique(choices, f"{where}.choices")
    for n, choice in enumerate(choices):
        _slug(choice, f"{where}.choices[{n}]")
        _text(choice, "label", f"{where}.choices[{n}]")
    return [{"slug": c["slug"], "label": c["label"].strip()} for c in choices]


def _waves(waves, where) -> list[str]:
    if not isinstance(waves, list) or not waves:
        raise SurveyFormatError(f"{where}: must list when it is asked: {', '.join(WAVES)}")
    for wave in waves:
        if wave not in WAVES:
            raise SurveyFormatError(f"{where}: '{wave}' is not one of {', '.join(WAVES)}")
    if len(set(waves)) != len(waves):
        raise SurveyFormatError(f"{where}: a wave is named twice")
    return [wave for wave in WAVES if wave in waves]


def _text(mapping, key, where):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise SurveyFormatError(f"{where}.{key}: is missing or is not text")


def _slug(mapping, where):
    if not isinstance(mapping, dict):
        raise SurveyFormatError(f"{where}: must be a mapping")
    slug = mapping.get("slug")
    if not isinstance(slug, str):
        raise SurveyFormatError(f"{where}.slug: is missing or is not text")
    if not SLUG.match(slug):
        raise SurveyFormatError(
            f"{where}.slug: '{slug}' must be lower-case words joined by hyphens"
        )


def _unique(items, where):
    slugs = [item.get("slug") for item in items if isinstance(item, dict)]
    duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
    if duplicates:
        raise SurveyFormatError(f"{where}: slugs used twice: {', '.join(sorted(duplicates))}")
