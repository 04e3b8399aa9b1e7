"""Reads of what follows the course, each scoped to one participant's enrollment."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import Truncator

from worksheets import charts
from worksheets.mentor.services import TALK_ABOUT_GAP, compared_link, worksheet
from worksheets.models import FOUR_WAY_DOMAINS, FourWayView, QuestionnaireRating, SmartGoal

from . import charts as chart_data
from .models import (
    FOUR_WAY_SCALES,
    OPEN_STATUSES,
    ActionItem,
    CheckIn,
    GoalNote,
    GoalTracking,
    Meeting,
    QuestionnaireRound,
    Status,
)


@dataclass
class FollowedGoal:
    """A SMART goal as the follow-up pages show it."""

    goal: SmartGoal
    tracking: GoalTracking
    notes: list

    @property
    def overdue(self) -> bool:
        target = self.tracking.target_date
        return bool(target) and target < timezone.localdate() and self.is_open

    @property
    def is_open(self) -> bool:
        return self.tracking.status in OPEN_STATUSES

    @property
    def title(self) -> str:
        return self.goal.specific.strip() or self.goal.timely.strip() or "A goal with no text yet"


def written_goals_filter():
    return ~Q(specific="") | ~Q(measurable="") | ~Q(timely="")


def tracking_of(goal: SmartGoal) -> GoalTracking:
    """The goal's tracking, or an unsaved one (reading never writes)."""
    try:
        return goal.tracking
    except GoalTracking.DoesNotExist:
        return GoalTracking(goal=goal, status=Status.NOT_STARTED, version=0)


def followed_goals(enrollment) -> list[FollowedGoal]:
    """Every written SMART goal of every module, the nearest target date first (goals with no
    date last), in a constant number of queries."""
    goals = (
        SmartGoal.objects.filter(enrollment=enrollment)
        .filter(written_goals_filter())
        .select_related("section__module__session", "tracking")
        .prefetch_related(Prefetch("progress_notes", queryset=GoalNote.objects.order_by("pk")))
    )
    followed = [FollowedGoal(g, tracking_of(g), list(g.progress_notes.all())) for g in goals]
    return sorted(followed, key=_by_target_date)


def _by_target_date(item: FollowedGoal):
    target = item.tracking.target_date
    module = item.goal.section.module
    return (
        target is None,
        target or date.max,
        module.session.number,
        module.position,
        item.goal.pk,
    )


def followed_goal(enrollment, goal_id: int) -> FollowedGoal | None:
    """One of the participant's own goals, or None (someone else's, or no such goal)."""
    goal = (
        SmartGoal.objects.filter(enrollment=enrollment, pk=goal_id)
        .select_related("section__module__session", "tracking")
        .first()
    )
    if goal is None:
        return None
    return FollowedGoal(goal, tracking_of(goal), list(goal.progress_notes.all()))


# --- the meeting log ----------------------------------------------------------------------------


def meetings_of(enrollment):
    """The participant's meetings with every mentor, newest first."""
    return (
        Meeting.objects.filter(enrollment=enrollment)
        .select_related("link")
        .prefetch_related("action_items")
    )


def meetings_with(link):
    """The meetings of one mentor link: never another mentor's."""
    return Meeting.objects.filter(link=link).select_related("link").prefetch_related("action_items")


def open_action_items(link) -> list[ActionItem]:
    return list(ActionItem.objects.filter(meeting__link=link, done=False).order_by("due_on", "pk"))


def talk_about(enrollment, link) -> list[dict]:
    """The questionnaire's pairs where the participant and this mentor are at least
    TALK_ABOUT_GAP apart (the same rule as the comparison page), for this one mentor."""
    section = worksheet("questionnaire")
    if section is None:
        return []
    mine = dict(
        QuestionnaireRating.objects.filter(enrollment=enrollment, section=section).values_list(
            "item", "value"
        )
    )
    theirs = dict(link.ratings.values_list("item", "value"))
    items = [i for s in charts.questionnaire_stages(section.spec, mine, theirs) for i in s["items"]]
    return [
        i
        for i in items
        if i["value"] and i["second"] and abs(i["value"] - i["second"]) >= TALK_ABOUT_GAP
    ]


def agenda_suggestions(enrollment, link) -> list[str]:
    """Topics to put on a meeting's agenda: the open goals, the pairs to talk about with this
    mentor, and the action items still open from earlier meetings with them."""
    goals = [
        f"Goal: {Truncator(item.title).chars(160)} ({item.tracking.get_status_display().lower()})"
        for item in followed_goals(enrollment)
        if item.is_open
    ]
    pairs = [
        f"Expectations: {i['left']} / {i['right']} (me {i['value']}, "
        f"{link.mentor_name} {i['second']})"
        for i in talk_about(enrollment, link)
    ]
    items = [
        f"Action item: {item.text} ({item.get_owner_display().lower()}"
        + (f", due {item.due_on:%Y-%m-%d})" if item.due_on else ")")
        for item in open_action_items(link)
    ]
    return goals + pairs + items


# --- check-ins ----------------------------------------------------------------------------------


def check_ins_of(enrollment):
    """The participant's check-ins, oldest first, each with its four-way view and goal notes."""
    notes = GoalNote.objects.select_related("goal")
    return (
        CheckIn.objects.filter(enrollment=enrollment)
        .select_related("four_way", "questionnaire")
        .prefetch_related(Prefetch("goal_notes", queryset=notes), "questionnaire__ratings")
    )


def four_way_section():
    return worksheet("four_way_view")


def course_four_way(enrollment) -> dict | None:
    """The four-way view as written in the course (its values by field name), or None."""
    section = four_way_section()
    record = FourWayView.objects.filter(enrollment=enrollment, section=section).first()
    if record is None:
        return None
    return {
        f"{m}_{d}": getattr(record, f"{m}_{d}") for m in FOUR_WAY_SCALES for d in FOUR_WAY_DOMAINS
    }


# --- change over time ---------------------------------------------------------------------------


def four_way_rounds(enrollment, check_ins=None) -> dict | None:
    """The chart data of the four-way view in the course and at every re-take; None without a
    re-take (one round alone shows no change: the course's own chart shows it)."""
    section = four_way_section()
    check_ins = check_ins_of(enrollment) if check_ins is None else check_ins
    retakes = [(c, c.retaken_four_way) for c in check_ins if c.retaken_four_way]
    if section is None or not retakes:
        return None
    course = course_four_way(enrollment)
    rounds = [("In the course", course)] if course else []
    rounds += [(_round_label(c), round_.values()) for c, round_ in retakes]
    return chart_data.four_way_rounds_chart(section.spec, rounds, id_prefix="four-way-rounds")


def _round_label(check_in) -> str:
    when = f"{check_in.taken_on:%d %b %Y}".lstrip("0")
    if not check_in.months:
        return f"Check-in, {when}"
    return f"{check_in.months} month{'s' if check_in.months != 1 else ''}, {when}"


def goal_timeline(item: FollowedGoal, *, id_prefix: str) -> dict:
    points = [(n.written_on, n.status, n.get_status_display()) for n in item.notes]
    return chart_data.goal_timeline_chart(
        title=item.title[:120],
        start=timezone.localdate(item.goal.created_at),
        target=item.tracking.target_date,
        today=timezone.localdate(),
        points=points,
        id_prefix=id_prefix,
    )


def change_over_time(enrollment) -> dict:
    goals = [item for item in followed_goals(enrollment) if item.notes or item.tracking.pk]
    return {
        "four_way": four_way_rounds(enrollment),
        "questionnaire": questionnaire_then_and_now(enrollment),
        "goals": [
            {"item": item, "chart": goal_timeline(item, id_prefix=f"goal-{item.goal.pk}")}
            for item in goals
        ],
    }


def _latest_round(**where) -> QuestionnaireRound | None:
    rounds = QuestionnaireRound.objects.filter(**where).prefetch_related("ratings")
    return rounds.order_by("-taken_on", "-created_at", "-pk").first()


def questionnaire_then_and_now(enrollment, *, id_prefix="questionnaire") -> dict | None:
    """The questionnaire profile in the course and at the latest re-take, each beside the
    compared mentor's (their latest re-take, else their course answers); None before the
    participant answers it again."""
    section = worksheet("questionnaire")
    latest = _latest_round(check_in__enrollment=enrollment)
    if section is None or latest is None:
        return None
    link, _why = compared_link(enrollment)
    mine = dict(
        QuestionnaireRating.objects.filter(enrollment=enrollment, section=section).values_list(
            "item", "value"
        )
    )
    theirs = dict(link.ratings.values_list("item", "value")) if link else None
    their_latest = _latest_round(link=link) if link else None
    now_theirs = their_latest.ratings_by_item() if their_latest else theirs
    name = link.mentor_name if link else None
    when = f"{latest.taken_on:%d %b %Y}".lstrip("0")
    return {
        "then_label": "In the course",
        "now_label": f"At the check-in of {when}",
        "mentor": name,
        "mentor_again": bool(their_latest),
        "then": charts.questionnaire_chart(
            section.spec,
            mine,
            second=theirs,
            second_label=name,
            id_prefix=f"{id_prefix}-then",
            statements=False,
        ),
        "now": charts.questionnaire_chart(
            section.spec,
            latest.ratings_by_item(),
            second=now_theirs,
            second_label=name,
            id_prefix=f"{id_prefix}-now",
            statements=False,
        ),
    }


def mentor_rounds_of(enrollment):
    """Every round the participant's mentors answered again, through their links."""
    rounds = QuestionnaireRound.objects.filter(link__enrollment=enrollment)
    return rounds.select_related("link").prefetch_related("ratings")
