"""The forms of a module page. Each form covers one part of one section and turns what the person
changed into `Change`s; untouched parts are recognised by a fingerprint of what the page showed, so
a stale tab only conflicts where it really edits."""

import functools
import hashlib
import json

from django import forms

from .models import (
    MAX_ANSWER_LENGTH,
    MAX_LIST_ITEMS,
    Answer,
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
from .services import Change

TOO_LONG = (
    f"This is too long: keep it under {MAX_ANSWER_LENGTH:,} characters (it has %(show_value)s)."
)


def fingerprint(values: dict) -> str:
    """A short digest of the values a page showed, to tell untouched parts from edited ones."""
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def text_field(label="", *, rows=3, initial="", help_text="", max_length=MAX_ANSWER_LENGTH):
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        max_length=max_length,
        initial=initial,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


def line_field(label="", *, max_length=200, required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "max_length": f"Keep this under {max_length} characters (it has %(show_value)s)."
        },
    )


def saved_fingerprint(conflict) -> str:
    return fingerprint({name: getattr(conflict.saved, name) for name in conflict.change.values})


def saved_row_inputs(saved) -> list[tuple[str, object]]:
    """(name, value) of the hidden inputs that move the page on to a row just saved: its new
    version and the fingerprint of what it now holds, as a reloaded page would show them."""
    key = saved.change.key
    shown = fingerprint(saved.change.shown_values)
    return [(f"{key}-version", saved.version), (f"{key}-shown", shown)]


class VersionedForm(forms.Form):
    """A form over one or more versioned rows; each row has a hidden version and fingerprint."""

    model = None

    def __init__(self, *args, section, enrollment, **kwargs):
        kwargs.setdefault("prefix", f"s{section.pk}-{self.prefix_name}")
        super().__init__(*args, **kwargs)
        self.section = section
        self.enrollment = enrollment
        self.row_keys = []

    prefix_name = "form"

    @classmethod
    def for_section(cls, records: list, **kwargs) -> list["VersionedForm"]:
        """The forms of one section, given the person's saved records of it. Most kinds keep
        one record per section; kinds with many rows say how to key them."""
        return [cls(record=records[0] if records else None, **kwargs)]

    def add_row(self, key: str, record, shown_values) -> None:
        """The row's hidden version and the fingerprint of what the page shows of it. `record`
        and `shown_values` may be functions that give them: they are then asked only when a page
        shows the row or a value of it is refused, never by a save that stores what it was
        sent (PromptAnswersForm: such an autosave never reads the saved answers)."""
        self.row_keys.append(key)
        saved = record if callable(record) else lambda: record
        shown = shown_values if callable(shown_values) else lambda: shown_values
        self.fields[f"{key}-version"] = forms.IntegerField(
            required=False,
            min_value=0,
            initial=lambda: saved().version if saved() else 0,
            widget=forms.HiddenInput,
        )
        self.fields[f"{key}-shown"] = forms.CharField(
            required=False, initial=lambda: fingerprint(shown()), widget=forms.HiddenInput
        )

    def row_meta_fields(self):
        for key in self.row_keys:
            yield self[f"{key}-version"]
            yield self[f"{key}-shown"]

    def _post_clean(self):
        super()._post_clean()
        self._keep_refused_values()
        self._refuse_rows_without_meta()
        self._notes = None  # now read from what was sent

    def _keep_refused_values(self):
        """A value that cannot be stored is refused on its own: its field keeps what the page
        showed (so its row stores everything else), and the form keeps what was typed."""
        self._keep_shown(*(name for name in self.errors if name in self.fields))

    def _keep_shown(self, *names):
        for name in names:
            self.cleaned_data[name] = self.get_initial_for_field(self.fields[name], name)

    def _refuse_rows_without_meta(self):
        """A request that sends this form's fields without a row's hidden version and
        fingerprint cannot say what the page showed: that row is not saved, and the answer
        says so instead of "saved"."""
        prefix = self.add_prefix("")
        if not any(name.startswith(prefix) for name in self.data):
            return  # the page did not show this form: nothing typed there can be missing
        self.rows_without_meta = [
            key
            for key in self.row_keys
            if self.add_prefix(f"{key}-shown") not in self.data
            or self.add_prefix(f"{key}-version") not in self.data
        ]
        if self.rows_without_meta:
            self.add_error(
                None,
                "Part of this page could not be saved because the page was incomplete when it "
                "was sent. Reload the page; what is saved is shown there.",
            )

    rows_without_meta: list = []
    notes_rule = None
    saved_records: list = []
    _notes = None

    def use_notes(self, rule, saved_records: list) -> None:
        """The kind's rule of what keeps the worksheet from being complete (rules.py)."""
        self.notes_rule, self.saved_records, self._notes = rule, saved_records, None

    @property
    def notes(self) -> dict[str, list[str]]:
        """What keeps this worksheet from being complete, by field: from what was just sent
        when the form is bound (those values are stored), else from the saved records.
        Worked out once: every field of the page asks for it."""
        if self._notes is None:
            self._notes = self._work_out_notes()
        return self._notes

    def _work_out_notes(self) -> dict[str, list[str]]:
        if self.notes_rule is None:
            return {}
        if self.is_bound and hasattr(self, "cleaned_data"):
            return self.notes_rule(self.section, self.typed_records())
        return self.notes_rule(self.section, self.saved_records)

    @property
    def worksheet_notes(self) -> list[str]:
        """The notes on the worksheet as a whole: those not keyed by one of its fields."""
        return [n for key, notes in self.notes.items() if key not in self.fields for n in notes]

    def typed_records(self) -> list:
        """Unsaved records holding the values this bound form stores."""
        return [self.model(**self.owner(), **self.values())]

    def touched(self, key: str, values: dict) -> bool:
        if self.add_prefix(f"{key}-shown") not in self.data:
            return False  # the page did not show this part: nothing typed there can be missing
        return fingerprint(values) != self.cleaned_data.get(f"{key}-shown")

    def change(self, key, lookup, values, *, field, not_shown=()) -> Change | None:
        if key in self.rows_without_meta or not self.touched(key, values):
            return None
        base = self.cleaned_data.get(f"{key}-version") or 0
        return Change(
            self.model,
            lookup,
            values,
            base,
            field=self.add_prefix(field),
            key=self.add_prefix(key),
            not_shown=not_shown,
        )

    def show_conflict(self, conflict) -> None:
        """Keep the person's input and move the row on to the saved version: saving is a choice."""
        key = conflict.change.key
        self.data = self.data.copy()
        self.data[f"{key}-version"] = conflict.saved.version
        self.data[f"{key}-shown"] = saved_fingerprint(conflict)
        self.add_error(
            conflict.change.field.removeprefix(self.prefix + "-"),
            "This was changed in another tab or window after you opened this page. What you "
            "typed is kept here; the saved version is shown with it. Save again to keep yours.",
        )

    def owner(self) -> dict:
        """Whose record of which section: by id, which Django turns into SQL faster than a
        lookup on a related object (every autosave filters by it)."""
        return {"enrollment_id": self.enrollment.pk, "section_id": self.section.pk}


def _text(answer) -> str:
    return answer.text if answer else ""


class PromptAnswersForm(VersionedForm):
    """A text box for each prompt of a section (guiding questions, grid cells)."""

    model = Answer
    prefix_name = "answers"

    def __init__(self, *args, prompts, answers, **kwargs):
        """`answers`: the saved answers by prompt id, a mapping that may read them only when
        first asked (workbook.SavedAnswers)."""
        super().__init__(*args, **kwargs)
        self.prompts = list(prompts)
        for prompt in self.prompts:
            saved = functools.partial(answers.get, prompt.pk)
            self.fields[f"p{prompt.pk}"] = text_field(
                prompt.text, rows=2 if prompt.in_grid else 4, initial=lambda s=saved: _text(s())
            )
            self.add_row(f"p{prompt.pk}", saved, lambda s=saved: {"text": _text(s())})

    def field_for(self, prompt):
        return self[f"p{prompt.pk}"]

    def changes(self):
        result = []
        for prompt in self.prompts:
            key = f"p{prompt.pk}"
            lookup = {"enrollment_id": self.enrollment.pk, "prompt_id": prompt.pk}
            change = self.change(key, lookup, {"text": self.cleaned_data[key]}, field=key)
            if change:
                result.append(change)
        return result


class SmartGoalForm(VersionedForm):
    """One SMART goal. A section without saved goals shows one empty goal (`goal=None`), which
    is stored on its first save: reading a page never writes."""

    model = SmartGoal

    @classmethod
    def for_section(cls, records, **kwargs):
        fields = kwargs["section"].spec.get("fields", [])
        return [cls(goal=goal, smart_fields=fields, **kwargs) for goal in records or [None]]

    def __init__(self, *args, goal, smart_fields, **kwargs):
        self.prefix_name = f"goal{goal.pk}" if goal else "goalnew"
        super().__init__(*args, **kwargs)
        self.goal = goal
        values = self.values_of(goal)
        for spec in smart_fields:
            self.fields[spec["slug"]] = text_field(
                spec["label"], rows=3, initial=values[spec["slug"]], help_text=spec["hint"]
            )
        self.add_row("goal", goal, values)

    def values_of(self, goal):
        return {name: getattr(goal, name) if goal else "" for name in SmartGoal.FIELDS}

    def changes(self):
        values = {name: self.cleaned_data[name] for name in SmartGoal.FIELDS}
        lookup = {"pk": self.goal.pk, **self.owner()} if self.goal else self.owner()
        change = self.change("goal", lookup, values, field=SmartGoal.FIELDS[0])
        return [change] if change else []


class StrategiesForm(VersionedForm):
    model = StrategyChoice
    prefix_name = "strategies"

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.section.spec
        chosen = record.chosen if record else []
        own = record.own if record else []
        self.own_slots = max(spec.get("own_slots", 3), len(own))
        self.fields["chosen"] = forms.MultipleChoiceField(
            label="Strategies you will use",
            required=False,
            choices=[(item["slug"], item["text"]) for item in spec.get("items", [])],
            widget=forms.CheckboxSelectMultiple,
            initial=chosen,
        )
        for n in range(self.own_slots):
            self.fields[f"own_{n + 1}"] = line_field(f"Your own strategy {n + 1}", max_length=500)
            self.fields[f"own_{n + 1}"].initial = own[n] if n < len(own) else ""
        self.add_row("record", record, {"chosen": chosen, "own": own})

    def values(self):
        own = [self.cleaned_data[f"own_{n + 1}"] for n in range(self.own_slots)]
        while own and not own[-1]:
            own.pop()
        return {"chosen": self.cleaned_data["chosen"], "own": own}

    def changes(self):
        change = self.change("record", self.owner(), self.values(), field="chosen")
        return [change] if change else []


class RolesForm(VersionedForm):
    model = RolesChecklist
    prefix_name = "roles"

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.section.spec
        self.priority_count = spec.get("priorities", 3)
        choices = [(role["slug"], role["text"]) for g in spec["groups"] for role in g["roles"]]
        self.groups = spec["groups"]
        self.fields["needed"] = forms.MultipleChoiceField(
            label="Roles I need my mentor to play now",
            required=False,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            initial=record.needed if record else [],
        )
        self.fields["priorities"] = forms.MultipleChoiceField(
            label=f"My {self.priority_count} priorities",
            required=False,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            initial=record.priorities if record else [],
            help_text=f"Choose exactly {self.priority_count} of the roles you ticked.",
        )
        shown = (
            {"needed": record.needed, "priorities": record.priorities}
            if record
            else {"needed": [], "priorities": []}
        )
        self.add_row("record", record, shown)

    def values(self):
        """A priority is a role the person needs: ticking it ticks the role too."""
        needed = list(self.cleaned_data["needed"])
        priorities = self.cleaned_data["priorities"]
        needed += [p for p in priorities if p not in needed]
        return {"needed": needed, "priorities": priorities}

    def changes(self):
        change = self.change("record", self.owner(), self.values(), field="needed")
        return [change] if change else []


class AgreementForm(VersionedForm):
    model = MentorshipAgreement
    prefix_name = "agreement"
    SIGNATURE_FIELDS = (
        "mentor_signature",
        "mentor_signed_on",
        "mentee_signature",
        "mentee_signed_on",
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.is_signed = bool(record and record.is_signed)
        self.agreement_sections = self.section.spec.get("sections", [])
        saved_fields = record.fields if record else {}
        self.fields["mentor_name"] = line_field("Mentor's name")
        self.fields["mentee_name"] = line_field("Mentee's name (you)")
        for part in self.agreement_sections:
            if part["input"] == "none":
                continue
            label = f"[{part['number']}] {part['title']}"
            if part["input"] == "until":
                self.fields[f"part_{part['slug']}"] = line_field(label, max_length=500)
            else:
                self.fields[f"part_{part['slug']}"] = text_field(label, rows=3)
            self.fields[f"part_{part['slug']}"].initial = saved_fields.get(part["slug"], "")
        signatures = self.section.spec.get("signatures", [])
        titles = {s["slug"]: s["label"] for s in signatures}
        for who in ("mentor", "mentee"):
            self.fields[f"{who}_signature"] = line_field(
                f"{titles.get(who, who.title())}: typed name"
            )
            self.fields[f"{who}_signed_on"] = forms.DateField(
                label=f"{titles.get(who, who.title())}: date",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": "Enter a date such as 2026-10-02."},
            )
        if record:
            for name in ("mentor_name", "mentee_name", *self.SIGNATURE_FIELDS):
                self.fields[name].initial = getattr(record, name)
        if self.is_signed:
            for bound_field in self.fields.values():
                bound_field.disabled = True
        self.add_row("record", record, self.values_of(record))

    def values_of(self, record):
        if record is None:
            return {
                "mentor_name": "",
                "mentee_name": "",
                "fields": {},
                "mentor_signature": "",
                "mentor_signed_on": None,
                "mentee_signature": "",
                "mentee_signed_on": None,
            }
        return {
            name: getattr(record, name)
            for name in ("mentor_name", "mentee_name", "fields", *self.SIGNATURE_FIELDS)
        }

    def values(self):
        texts = {
            part["slug"]: self.cleaned_data[f"part_{part['slug']}"]
            for part in self.agreement_sections
            if part["input"] != "none" and self.cleaned_data.get(f"part_{part['slug']}")
        }
        return {
            "mentor_name": self.cleaned_data["mentor_name"],
            "mentee_name": self.cleaned_data["mentee_name"],
            "fields": texts,
            **{name: self.cleaned_data[name] for name in self.SIGNATURE_FIELDS},
        }

    def clean(self):
        cleaned = super().clean()
        if self.is_signed:
            self._refuse_edits_while_signed()
            return cleaned
        for who in ("mentor", "mentee"):
            name, date = cleaned.get(f"{who}_signature"), cleaned.get(f"{who}_signed_on")
            if name and not date and f"{who}_signed_on" not in self.errors:
                self.add_error(f"{who}_signed_on", "Add the date of this signature.")
            if date and not name:
                self.add_error(f"{who}_signature", "Type the name that signs, or clear the date.")
            if {f"{who}_signature", f"{who}_signed_on"} & set(self.errors):
                self._keep_shown(f"{who}_signature", f"{who}_signed_on")  # a name and its date
        return cleaned

    def _refuse_edits_while_signed(self):
        """A page opened before the signing may still show fields: say why its edits cannot land."""
        for name, field in self.fields.items():
            raw = self.data.get(self.add_prefix(name))
            if raw is None or name.endswith(("-version", "-shown")):
                continue
            shown = field.initial
            shown = shown.isoformat() if hasattr(shown, "isoformat") else str(shown or "")
            if raw.strip() != shown.strip():
                self.add_error(
                    name,
                    "This agreement is signed, so it is read-only: reload the page and unlock it "
                    "to change it (unlocking clears both signatures).",
                )
                return

    def changes(self):
        if self.is_signed:
            return []
        values = self.values()
        if self.record is not None:
            values = self.record.with_new_content(values)
        change = self.change(
            "record",
            self.owner(),
            values,
            field="mentor_name",
            not_shown=("signatures_cleared_at",),
        )
        return [change] if change else []


class QuestionnaireForm(VersionedForm):
    model = QuestionnaireRating
    prefix_name = "questionnaire"

    @classmethod
    def for_section(cls, records, **kwargs):
        return [cls(ratings={r.item: r for r in records}, **kwargs)]

    def __init__(self, *args, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.section.spec
        low, high = spec["scale"]["min"], spec["scale"]["max"]
        self.items = [item for stage in spec["stages"] for item in stage["items"]]
        for number, item in enumerate(self.items, start=1):
            rating = ratings.get(item["slug"])
            self.fields[item["slug"]] = forms.TypedChoiceField(
                label=f"{number}. {item['left']} — or — {item['right']}",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(n, str(n)) for n in range(low, high + 1)],
                widget=forms.RadioSelect,
                initial=rating.value if rating else None,
                error_messages={"invalid_choice": f"Choose a rating from {low} to {high}."},
            )
            self.add_row(f"r-{item['slug']}", rating, {"value": rating.value if rating else None})

    def changes(self):
        result = []
        for item in self.items:
            value = self.cleaned_data.get(item["slug"])
            if value is None:
                continue  # a rating can be changed, not taken back to blank
            lookup = {**self.owner(), "item": item["slug"]}
            change = self.change(f"r-{item['slug']}", lookup, {"value": value}, field=item["slug"])
            if change:
                result.append(change)
        return result


class MentorMapForm(VersionedForm):
    model = MentorMapEntry
    prefix_name = "map"

    @classmethod
    def for_section(cls, records, **kwargs):
        return [cls(entries={(e.category, e.slot): e for e in records}, **kwargs)]

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.section.spec
        self.slots = range(1, spec.get("slots", 3) + 1)
        self.categories = spec["categories"]
        for category in self.categories:
            for slot in self.slots:
                entry = entries.get((category["slug"], slot))
                key = f"{category['slug']}-{slot}"
                self.fields[f"{key}-name"] = line_field(f"{category['title']}: name {slot}")
                self.fields[f"{key}-note"] = text_field(
                    f"{category['title']}: note on name {slot}", rows=2, max_length=500
                )
                self.fields[f"{key}-name"].initial = entry.name if entry else ""
                self.fields[f"{key}-note"].initial = entry.note if entry else ""
                shown = (
                    {"name": entry.name, "note": entry.note} if entry else {"name": "", "note": ""}
                )
                self.add_row(key, entry, shown)

    def changes(self):
        result = []
        for category in self.categories:
            for slot in self.slots:
                key = f"{category['slug']}-{slot}"
                values = {
                    "name": self.cleaned_data[f"{key}-name"],
                    "note": self.cleaned_data[f"{key}-note"],
                }
                lookup = {**self.owner(), "category": category["slug"], "slot": slot}
                change = self.change(key, lookup, values, field=f"{key}-name")
                if change:
                    result.append(change)
        return result


class StairStepsForm(VersionedForm):
    model = StairSteps
    prefix_name = "stairs"

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = self.section.spec["steps"]
        for step in self.steps:
            name = step["slug"].replace("-", "_")
            self.fields[name] = text_field(step["label"], rows=2)
            self.fields[name].initial = getattr(record, name) if record else ""
        self.add_row("record", record, self.values_of(record))

    def names(self):
        return [step["slug"].replace("-", "_") for step in self.steps]

    def values_of(self, record):
        return {name: getattr(record, name) if record else "" for name in self.names()}

    def values(self):
        return {name: self.cleaned_data[name] for name in self.names()}

    def changes(self):
        change = self.change("record", self.owner(), self.values(), field=self.names()[0])
        return [change] if change else []


class FourWayViewForm(VersionedForm):
    model = FourWayView
    prefix_name = "fourway"

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.section.spec
        self.domains = spec["domains"]
        self.measures = spec["measures"]
        for measure in self.measures:
            rows = (
                self.domains
                if measure["kind"] == "percent"
                else [*self.domains, {"slug": "overall", "title": "Overall"}]
            )
            for domain in rows:
                name = f"{measure['slug']}_{domain['slug']}"
                low, high = (
                    (0, 100) if measure["kind"] == "percent" else (measure["min"], measure["max"])
                )
                self.fields[name] = forms.IntegerField(
                    label=f"{measure['title']}: {domain['title']}",
                    required=False,
                    min_value=low,
                    max_value=high,
                    initial=getattr(record, name) if record else None,
                    error_messages={
                        "invalid": "Type a whole number.",
                        "min_value": f"Use a number from {low} to {high}.",
                        "max_value": f"Use a number from {low} to {high}.",
                    },
                )
        self.add_row("record", record, self.values_of(record))

    def names(self):
        return [name for name in self.fields if not name.startswith("record-")]

    def values_of(self, record):
        return {name: getattr(record, name) if record else None for name in self.names()}

    def values(self):
        return {name: self.cleaned_data.get(name) for name in self.names()}

    def changes(self):
        change = self.change("record", self.owner(), self.values(), field=self.names()[0])
        return [change] if change else []


class ListForm(VersionedForm):
    model = ListItem
    prefix_name = "list"

    @classmethod
    def for_section(cls, records, **kwargs):
        return [cls(items={i.position: i for i in records}, **kwargs)]

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.section.spec
        self.min_items = spec.get("min_items", 1)
        label = spec.get("item_label", "Item")
        shown = min(max(self.min_items, len(items)) + 1, MAX_LIST_ITEMS)
        self.positions = range(1, shown + 1)
        self.is_full = shown == MAX_LIST_ITEMS
        for position in self.positions:
            item = items.get(position)
            self.fields[f"item_{position}"] = text_field(f"{label} {position}", rows=2)
            self.fields[f"item_{position}"].initial = item.text if item else ""
            self.add_row(f"i{position}", item, {"text": item.text if item else ""})

    def typed_records(self):
        return [
            ListItem(**self.owner(), position=p, text=self.cleaned_data[f"item_{p}"])
            for p in self.positions
        ]

    def changes(self):
        result = []
        for position in self.positions:
            values = {"text": self.cleaned_data[f"item_{position}"]}
            lookup = {**self.owner(), "position": position}
            change = self.change(f"i{position}", lookup, values, field=f"item_{position}")
            if change:
                result.append(change)
        return result
