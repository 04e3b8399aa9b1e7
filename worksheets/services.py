"""Writing a participant's work: every save is a conditional update on the record's version."""

from dataclasses import dataclass, field

from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import F
from django.utils import timezone

from sessions_app.models import Enrollment, Module, Section

from .models import MAX_SMART_GOALS_PER_SECTION, MentorshipAgreement, SmartGoal


class SessionClosed(Exception):
    """The facilitator has not opened this session for the cohort."""


class LimitReached(Exception):
    """The person already has as many of these rows as one workbook may hold."""


@dataclass(frozen=True)
class Change:
    """One record the person changed: which row, its new values, the version they started from."""

    model: type[models.Model]
    lookup: dict
    values: dict
    base_version: int  # 0 when the page showed no saved record
    field: str = ""  # the form field that shows a conflict on this record
    key: str = ""  # the form's row key, to move the page on to the saved version
    not_shown: tuple[str, ...] = ()  # values written that the page never shows

    @property
    def shown_values(self) -> dict:
        return {name: v for name, v in self.values.items() if name not in self.not_shown}


@dataclass(frozen=True)
class Saved:
    """A change that is now stored, at this version."""

    change: Change
    version: int


@dataclass(frozen=True)
class Conflict:
    """Someone saved this record since the page was loaded: both sides, for the person to choose."""

    change: Change
    saved: models.Model


def ensure_module_open(*, enrollment: Enrollment, module: Module) -> None:
    if not enrollment.cohort.schedule.open().filter(session_id=module.session_id).exists():
        raise SessionClosed


def _holds(record, change: Change) -> bool:
    return all(getattr(record, name) == value for name, value in change.values.items())


def versioned_save(change: Change) -> Conflict | None:
    """Write one change if nobody saved the record since `base_version`; else report a conflict.

    A record that already holds exactly these values is no conflict: a retried autosave, or the
    same text arriving twice at once (an autosave and the Save button), is harmless."""
    outcome = _save(change)
    return outcome if isinstance(outcome, Conflict) else None


def _save(change: Change) -> Conflict | Saved:
    # The common case first: one conditional update, no read. At the base version the record
    # holds what the page showed, so a changed form always has new values to write there.
    if change.base_version and _update_at_base_version(change):
        return Saved(change, change.base_version + 1)
    current = change.model.objects.filter(**change.lookup).first()
    if current is not None:
        return _saved_or_conflict(current, change)
    try:
        with transaction.atomic():
            created = change.model.objects.create(**change.lookup, **change.values)
        return Saved(change, created.version)
    except IntegrityError:  # created meanwhile by another tab or request
        current = change.model.objects.get(**change.lookup)
        return _saved_or_conflict(current, change)


def _update_at_base_version(change: Change) -> bool:
    """UPDATE … SET the values, version + 1, updated_at WHERE the lookup AND version = base.

    Written out rather than through QuerySet.update: every save of every writer comes through
    here, and Django took four times longer to build this statement than the database to run
    it. The lookup's keys are fields (or their attnames, or "pk") matched exactly; values go
    through each field's own conversion for the database, as the ORM's would."""
    model = change.model
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    sets, where, params = [], [], []
    for name, value in {**change.values, "updated_at": timezone.now()}.items():
        column, value = _column_value(model, name, value, connection, save=True)
        sets.append(f"{quote(column)} = %s")
        params.append(value)
    for name, value in {**change.lookup, "version": change.base_version}.items():
        column, value = _column_value(model, name, value, connection, save=False)
        if value is None:  # as the ORM reads `name=None`
            where.append(f"{quote(column)} IS NULL")
        else:
            where.append(f"{quote(column)} = %s")
            params.append(value)
    version = quote(model._meta.get_field("version").column)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(sets)}, "
        f"{version} = {version} + 1 WHERE {' AND '.join(where)}"
    )
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


def _column_value(model, name, value, connection, *, save):
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if isinstance(value, models.Model):  # a related record: its key, as the ORM stores it
        value = value.prepare_database_save(field)
    if save:
        return field.column, field.get_db_prep_save(value, connection)
    if value is None:
        return field.column, None
    return field.column, field.get_db_prep_value(value, connection, prepared=False)


def _saved_or_conflict(current, change: Change) -> Conflict | Saved:
    return Saved(change, current.version) if _holds(current, change) else Conflict(change, current)


@dataclass
class WorkbookSave:
    """What one save of a module page stored, and what it did not."""

    saved: list[Saved] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    invalid: list = field(default_factory=list)  # the parts whose values cannot be stored

    @property
    def complete(self) -> bool:
        return not self.conflicts and not self.invalid


def workbook_save(*, enrollment: Enrollment, workbook) -> WorkbookSave:
    """Save what changed on a module page: the one policy of the Save button and the autosave.

    Nothing typed that can be stored is lost. A value that cannot be stored at all (not a
    number, outside its scale, too long) is refused on its own: its part of the page is
    reported as invalid, with a message next to the field, and every other value of that part
    is stored. A rule about a whole worksheet (a column adds up to 100, three priorities)
    never refuses anything: it is a note on the stored worksheet (rules.py).

    Each part of the page (a section's forms) is stored together, all its changes or none:
    a part with a record someone saved since the page was loaded is left as it was and
    reported as a conflict. Raises SessionClosed, storing nothing, when the module's session
    is not open: `enrollment` comes from `participant_module`, which read the session's state
    with it at the start of the request, so a save that arrives as the facilitator closes the
    session is stored whole, as if it had come a moment earlier, or refused whole."""
    if not enrollment.session_is_open:
        raise SessionClosed
    outcome = WorkbookSave()
    for part in workbook.parts:
        results = [form.is_valid() for form in part.forms]  # every form, to show every error
        if not all(results):
            outcome.invalid.append(part)
        changes = [change for form in part.forms for change in form.changes()]
        if changes:
            saved, conflicts = _save_together(changes)
            outcome.saved += saved
            outcome.conflicts += conflicts
    return outcome


def _save_together(changes: list[Change]) -> tuple[list[Saved], list[Conflict]]:
    """All the changes or none: any conflict rolls the others back. A single change, as an
    autosave usually sends, is one conditional update and needs no transaction around it (on
    PostgreSQL, that is two round trips fewer)."""
    if len(changes) == 1:
        outcome = _save(changes[0])
        return ([], [outcome]) if isinstance(outcome, Conflict) else ([outcome], [])
    with transaction.atomic():
        outcomes = [_save(change) for change in changes]
        conflicts = [o for o in outcomes if isinstance(o, Conflict)]
        if conflicts:
            transaction.set_rollback(True)
            return [], conflicts
    return outcomes, []


@transaction.atomic
def smart_goal_add(*, enrollment: Enrollment, section: Section) -> SmartGoal:
    ensure_module_open(enrollment=enrollment, module=section.module)
    goals = SmartGoal.objects.select_for_update().filter(enrollment=enrollment, section=section)
    if len(goals) >= MAX_SMART_GOALS_PER_SECTION:
        raise LimitReached
    return SmartGoal.objects.create(enrollment=enrollment, section=section)


@transaction.atomic
def smart_goal_remove(*, enrollment: Enrollment, goal: SmartGoal) -> None:
    ensure_module_open(enrollment=enrollment, module=goal.section.module)
    SmartGoal.objects.filter(pk=goal.pk, enrollment=enrollment).delete()


def agreement_unlock(*, enrollment: Enrollment, section: Section) -> None:
    """Reopen a signed agreement for editing; both signatures are cleared, as the page says."""
    ensure_module_open(enrollment=enrollment, module=section.module)
    MentorshipAgreement.objects.filter(enrollment=enrollment, section=section).update(
        **MentorshipAgreement.cleared_signatures(),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
