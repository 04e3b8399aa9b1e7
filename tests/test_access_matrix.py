"""Every URL the app has, requested as every kind of person, against an explicit table.

This is the one place of the permission matrix: who may reach which URL of the workbook, the
dashboard, the boards and the mentor pages. A URL added without a row here fails
`test_every_url_has_a_row`: decide who may reach it first. A key is a URL name, or a URL name and
a variant ("facilitator:invitation cancel") when one URL is asked in more than one way."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluation.models import CompletionRule
from evaluation.services import certificate_issue, certificate_revoke
from followup.models import CheckIn
from followup.services import meeting_create
from sessions_app.boards.services import board_for, post_create
from sessions_app.models import Section, Session
from worksheets.mentor.services import mentor_link_create

from .factories import (
    CohortFactory,
    EnrollmentFactory,
    InvitationFactory,
    SmartGoalFactory,
    UserFactory,
    open_sessions,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "classmate", "other facilitator", "facilitator", "staff"]


def row(anonymous, participant, classmate, other_facilitator, facilitator, staff, method="get"):
    return {
        "method": method,
        "expected": dict(
            zip(
                ROLES,
                [anonymous, participant, classmate, other_facilitator, facilitator, staff],
                strict=True,
            )
        ),
    }


OK, GO, NO, FORBID, ONLY_POST, GONE = 200, 302, 404, 403, 405, 401
PUBLIC = row(OK, OK, OK, OK, OK, OK)
PARTICIPANT_PAGE = row(GO, OK, OK, NO, NO, NO)  # the classmate reaches their own copy
OWNER_ONLY = row(GO, OK, NO, NO, NO, NO)
SIGNED_IN = row(GO, OK, OK, OK, OK, OK)
DASHBOARD = row(GO, NO, NO, NO, OK, OK)
DASHBOARD_ACTION = row(GO, NO, NO, NO, GO, GO, method="post")

TABLE = {
    "health": PUBLIC,
    # What is left under join/, invite/ and mentor/: a malformed code, a miss of its kind.
    "bad_join": row(NO, NO, NO, NO, NO, NO),
    "bad_invite": row(NO, NO, NO, NO, NO, NO),
    "bad_mentor": row(NO, NO, NO, NO, NO, NO),
    "accounts:join": PUBLIC,
    "accounts:join_confirm": row(
        NO, NO, NO, NO, NO, NO
    ),  # a sign-up mail's link; this one is wrong
    # Only the invited address's account accepts it; the invitation here is for someone else.
    "accounts:invitation": row(OK, FORBID, FORBID, FORBID, FORBID, FORBID),
    "accounts:login": row(OK, GO, GO, GO, GO, GO),
    "accounts:logout": row(ONLY_POST, ONLY_POST, ONLY_POST, ONLY_POST, ONLY_POST, ONLY_POST),
    "accounts:data_download": SIGNED_IN,
    "accounts:delete": SIGNED_IN,
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    # Single sign-on is off in the test settings: its pages are not there (tests/test_sso_*.py
    # switch it on). Finishing a join after signing in needs a signed note; this one is wrong.
    "sso:oidc_login": row(NO, NO, NO, NO, NO, NO),
    "sso:oidc_callback": row(NO, NO, NO, NO, NO, NO),
    "sso:finish": row(GO, FORBID, FORBID, FORBID, FORBID, FORBID),
    "sso:saml_login": row(NO, NO, NO, NO, NO, NO),
    "sso:saml_acs": row(NO, NO, NO, NO, NO, NO, method="post"),
    "sso:saml_metadata": row(NO, NO, NO, NO, NO, NO),
    "sso:saml_logout": row(NO, NO, NO, NO, NO, NO, method="post"),
    "sso:saml_ls": row(NO, NO, NO, NO, NO, NO),
    "sso:saml_ls_post": row(NO, NO, NO, NO, NO, NO, method="post"),
    "sessions_app:home": row(GO, GO, GO, GO, GO, GO),  # the workbook or the dashboard
    "sessions_app:cohort": PARTICIPANT_PAGE,
    "sessions_app:sharing": PARTICIPANT_PAGE,
    "sessions_app:calendar": PARTICIPANT_PAGE,
    "sessions_app:session_calendar": PARTICIPANT_PAGE,
    "worksheets:module": PARTICIPANT_PAGE,
    "worksheets:workbook_pdf": PARTICIPANT_PAGE,
    "worksheets:blank_workbook_pdf": SIGNED_IN,
    "worksheets:autosave": row(GONE, OK, OK, NO, NO, NO, method="post"),
    "worksheets:smart_goal_remove": OWNER_ONLY,
    "mentor:links": PARTICIPANT_PAGE,
    "mentor:news_by_mail": row(GO, GO, GO, NO, NO, NO, method="post"),
    "mentor:revoke": row(GO, GO, NO, NO, NO, NO, method="post"),
    "mentor:gaps": row(GO, GO, GO, NO, NO, NO, method="post"),
    "mentor:agreement_with": row(GO, GO, GO, NO, NO, NO, method="post"),
    "mentor:compare": row(GO, GO, GO, NO, NO, NO, method="post"),
    "mentor:may_comment": row(GO, GO, NO, NO, NO, NO, method="post"),
    "followup:goals": PARTICIPANT_PAGE,
    "followup:goal": OWNER_ONLY,
    "followup:meetings": PARTICIPANT_PAGE,
    "followup:check_ins": PARTICIPANT_PAGE,
    "followup:changes": PARTICIPANT_PAGE,
    "followup:check_in_new": PARTICIPANT_PAGE,
    "followup:check_in": OWNER_ONLY,
    "followup:check_in_questionnaire": OWNER_ONLY,
    "followup:mentor_questionnaire_again": PUBLIC,
    "followup:cohort_follow_up": DASHBOARD,
    "followup:meeting": OWNER_ONLY,
    "followup:mentor_meetings": PUBLIC,  # the link is the key: only that link's meetings
    "followup:mentor_meeting": PUBLIC,
    "mentor:home": PUBLIC,
    "mentor:questionnaire": PUBLIC,
    "mentor:agreement": PUBLIC,
    "facilitator:cohorts": row(GO, FORBID, FORBID, OK, OK, OK),
    "facilitator:cohort_new": row(GO, FORBID, FORBID, OK, OK, OK),
    "facilitator:cohort": DASHBOARD,
    "facilitator:cohort_edit": DASHBOARD,
    "facilitator:progress": DASHBOARD,
    "facilitator:progress_csv": DASHBOARD,
    # A participant's work opens only while they share it (the classmate does, the participant
    # does not): to their cohort's facilitators and staff, never to the other participants.
    "facilitator:participant_answers": DASHBOARD,
    "facilitator:participant_answers private": row(GO, NO, NO, NO, NO, NO),
    "facilitator:answers_csv": DASHBOARD,
    "facilitator:summaries": DASHBOARD,
    "facilitator:participant_remove": DASHBOARD,
    "facilitator:archive": DASHBOARD_ACTION,
    "facilitator:join_link": DASHBOARD_ACTION,
    "facilitator:session": DASHBOARD_ACTION,
    "facilitator:invite": DASHBOARD_ACTION,
    "facilitator:invitation": DASHBOARD_ACTION,
    "facilitator:invitation cancel": DASHBOARD_ACTION,
    "boards:activity": row(GO, GO, GO, NO, NO, NO),  # finds the cohort's board, redirects
    "boards:board": PARTICIPANT_PAGE,
    "boards:board a post": row(GO, GO, GO, NO, NO, NO, method="post"),  # without htmx, back
    "boards:posts": PARTICIPANT_PAGE,
    # A post is its author's to edit and delete; the classmate gets 404 for someone else's.
    "boards:post_edit": OWNER_ONLY,
    "boards:post_edit a save": row(GO, GO, NO, NO, NO, NO, method="post"),  # back to the board
    "boards:post_delete": OWNER_ONLY,
    "boards:post_delete a delete": row(GO, GO, NO, NO, NO, NO, method="post"),
    "boards:cohort_boards": DASHBOARD,
    "boards:projector": DASHBOARD,
    "boards:projector_posts": DASHBOARD,
    "boards:projector_names": DASHBOARD_ACTION,
    "boards:moderation": DASHBOARD,
    "boards:moderation_posts": DASHBOARD,
    "boards:export": DASHBOARD,
    "boards:moderate": DASHBOARD_ACTION,
    "evaluation:record": PARTICIPANT_PAGE,
    "evaluation:survey": PARTICIPANT_PAGE,  # the post-survey: the world's last session is open
    "evaluation:survey a save": row(GO, OK, OK, NO, NO, NO, method="post"),  # stays: incomplete
    "evaluation:attendance": DASHBOARD,
    "evaluation:attendance a save": DASHBOARD_ACTION,
    "evaluation:certificate": PARTICIPANT_PAGE,  # the world's rule asks nothing: both eligible
    "evaluation:certificates": DASHBOARD,
    "evaluation:certificates a rule": DASHBOARD_ACTION,
    "evaluation:certificate_issue": DASHBOARD_ACTION,
    "evaluation:certificate_revoke": DASHBOARD_ACTION,
    "evaluation:verify": PUBLIC,  # only what the certificate prints
    "evaluation:verify revoked": row(NO, NO, NO, NO, NO, NO),
    "evaluation:report": DASHBOARD,
    "evaluation:report_csv": DASHBOARD,
    "evaluation:report_all": row(GO, NO, NO, NO, NO, OK),  # staff only: across cohorts
    "evaluation:report_all_csv": row(GO, NO, NO, NO, NO, OK),
    "evaluation:mentor_survey": PUBLIC,  # the mentor's private link, no account
}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin keeps its own permission checks
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def url_name(key):
    return key.split(" ", 1)[0]


def test_every_url_has_a_row():
    missing = sorted(set(url_names()) - {url_name(key) for key in TABLE})
    assert not missing, f"URLs with no row in the access table: {missing}"


@pytest.fixture
def world(curriculum, survey):
    cohort = CohortFactory()
    open_sessions(cohort, Session.objects.all())
    cohort.schedule.filter(session__number=1).update(starts_at="2027-01-12T14:00:00Z")
    participant = EnrollmentFactory(cohort=cohort)
    classmate = EnrollmentFactory(cohort=cohort, shares_answers=True)
    facilitator = EnrollmentFactory(cohort=cohort, role="facilitator")
    other_facilitator = EnrollmentFactory(role="facilitator")
    smart = Section.objects.filter(worksheet_type="smart_goals").first()
    goal = SmartGoalFactory(enrollment=participant, section=smart)
    link, url = mentor_link_create(enrollment=participant, mentor_name="Prof. Park")
    meeting = meeting_create(enrollment=participant, link=link, planned_for=None)
    check_in = CheckIn.objects.create(enrollment=participant, what_helped="Talking")
    activity = Section.objects.filter(kind="activity", spec__has_key="board").first()
    board = board_for(cohort=cohort, section=activity)
    post = post_create(board=board, enrollment=participant, text="Hello", is_anonymous=False)
    doomed = post_create(board=board, enrollment=participant, text="Gone", is_anonymous=False)
    invitation = InvitationFactory(cohort=cohort, email="new@example.edu")
    CompletionRule.objects.create(cohort=cohort, sessions_attended=0, post_survey_done=False)
    certificate = certificate_issue(enrollment=participant, issued_by=None)
    revoked = certificate_issue(enrollment=EnrollmentFactory(cohort=cohort), issued_by=None)
    certificate_revoke(certificate=revoked)
    revoked.refresh_from_db()
    args = {
        "accounts:join": [cohort.join_code],
        "accounts:join_confirm": [cohort.join_code, "MQ", "not-a-token"],
        "accounts:invitation": [invitation.token],
        "accounts:password_reset_confirm": ["MQ", "not-a-token"],
        "sso:finish": ["not-a-signed-note"],
        "mentor:home": [url.rstrip("/").rsplit("/", 1)[-1]],
    }
    token = args["mentor:home"]
    c, m = cohort.pk, smart.module.slug
    args |= {
        "mentor:questionnaire": token,
        "mentor:agreement": token,
        "sessions_app:cohort": [c],
        "sessions_app:sharing": [c],
        "sessions_app:calendar": [c],
        "sessions_app:session_calendar": [c, 1],
        "worksheets:module": [c, m],
        "worksheets:workbook_pdf": [c],
        "worksheets:autosave": [c, m],
        "worksheets:smart_goal_remove": [c, goal.pk],
        "mentor:links": [c],
        "followup:goals": [c],
        "followup:goal": [c, goal.pk],
        "followup:meetings": [c],
        "followup:check_ins": [c],
        "followup:changes": [c],
        "followup:check_in_new": [c],
        "followup:check_in": [c, check_in.pk],
        "followup:check_in_questionnaire": [c, check_in.pk],
        "followup:mentor_questionnaire_again": token,
        "followup:cohort_follow_up": [c],
        "followup:meeting": [c, meeting.pk],
        "followup:mentor_meetings": token,
        "followup:mentor_meeting": [*token, meeting.pk],
        "mentor:revoke": [c, link.pk],
        "mentor:gaps": [c],
        "mentor:agreement_with": [c],
        "mentor:compare": [c],
        "mentor:news_by_mail": [c],
        "mentor:may_comment": [c, link.pk],
        "facilitator:cohort": [c],
        "facilitator:cohort_edit": [c],
        "facilitator:progress": [c],
        "facilitator:progress_csv": [c],
        "facilitator:participant_answers": [c, classmate.pk],
        "facilitator:participant_answers private": [c, participant.pk],
        "facilitator:answers_csv": [c],
        "facilitator:summaries": [c],
        "facilitator:participant_remove": [c, participant.pk],
        "facilitator:archive": [c],
        "facilitator:join_link": [c],
        "facilitator:session": [c, Session.objects.first().pk],
        "facilitator:invite": [c],
        "facilitator:invitation": [c, invitation.pk, "resend"],
        "facilitator:invitation cancel": [c, invitation.pk, "cancel"],
        "boards:activity": [c, activity.pk],
        "boards:board": [c, board.pk],
        "boards:board a post": [c, board.pk],
        "boards:posts": [c, board.pk],
        "boards:post_edit": [c, board.pk, post.pk],
        "boards:post_edit a save": [c, board.pk, post.pk],
        "boards:post_delete": [c, board.pk, doomed.pk],
        "boards:post_delete a delete": [c, board.pk, doomed.pk],
        "boards:cohort_boards": [c],
        "boards:projector": [c, board.pk],
        "boards:projector_posts": [c, board.pk],
        "boards:projector_names": [c, board.pk],
        "boards:moderation": [c, board.pk],
        "boards:moderation_posts": [c, board.pk],
        "boards:export": [c, board.pk],
        "boards:moderate": [c, board.pk, post.pk, "pin"],
        "evaluation:record": [c],
        "evaluation:survey": [c, "post"],
        "evaluation:survey a save": [c, "post"],
        "evaluation:attendance": [c],
        "evaluation:attendance a save": [c],
        "evaluation:certificate": [c],
        "evaluation:certificates": [c],
        "evaluation:certificates a rule": [c],
        "evaluation:certificate_issue": [c, classmate.pk],
        "evaluation:certificate_revoke": [c, certificate.pk],
        "evaluation:verify": [certificate.code],
        "evaluation:verify revoked": [revoked.code],
        "evaluation:report": [c],
        "evaluation:report_csv": [c],
        "evaluation:mentor_survey": [*token, "post"],
    }
    people = {
        "participant": participant.user,
        "classmate": classmate.user,
        "other facilitator": other_facilitator.user,
        "facilitator": facilitator.user,
        "staff": UserFactory(is_staff=True),
    }
    data = {
        "boards:board a post": {f"board-{board.pk}-text": "Hi"},
        "boards:post_edit a save": {
            f"post-{post.pk}-text": "Hello, edited",
            f"post-{post.pk}-version": post.version,
        },
        "evaluation:survey a save": {"item-satisfaction-session-1": "4", "submit": "1"},
        "evaluation:certificates a rule": {"sessions_attended": "3", "post_survey_done": "on"},
    }
    return args, data, people


@pytest.mark.parametrize("role", ROLES)
def test_who_reaches_what(client, world, role, monkeypatch):
    # Permissions are the point here, not typesetting: a stand-in for WeasyPrint keeps it quick.
    monkeypatch.setattr("worksheets.pdf.render_workbook", lambda context: b"%PDF-1.7 stand-in")
    args, data, people = world
    if role != "anonymous":
        client.force_login(people[role])
    wrong = []
    # Each URL's keys in table order (a resent invitation before the cancelled one); reads
    # first, then the actions, so that no action (a revoked link…) changes a read's answer.
    keys = [key for name in url_names() for key in TABLE if url_name(key) == name]
    keys.sort(key=lambda key: TABLE[key]["method"] == "post")
    login = reverse("accounts:login")
    for key in keys:
        entry, expected = TABLE[key], TABLE[key]["expected"][role]
        url = reverse(url_name(key), args=args.get(key, []))
        response = getattr(client, entry["method"])(url, data.get(key, {}))
        if response.status_code != expected:
            wrong.append(f"{key}: {response.status_code}, expected {expected}")
        elif role == "anonymous" and expected == GO and not response["Location"].startswith(login):
            wrong.append(f"{key}: sent to {response['Location']}, expected the login page")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
