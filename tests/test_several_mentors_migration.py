"""Migration 0007 moves the agreement's one shared `mentor_comments` to the mentor who wrote
them: the link that signed the agreement, else the participant's newest link."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from worksheets.mentor.services import agreement_stored, mentor_link_create, record
from worksheets.models import MentorLink, MentorshipAgreement

BEFORE = [("worksheets", "0006_four_way_sums_are_notes_not_constraints")]
AFTER = [("worksheets", "0007_several_mentors_each_their_own")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_shared_comments_to_the_link_that_signed_or_else_the_newest(
    curriculum,
):
    from .factories import EnrollmentFactory

    signed, unsigned = EnrollmentFactory(), EnrollmentFactory()
    park, _ = mentor_link_create(enrollment=signed, mentor_name="Prof. Helen Park")
    mentor_link_create(enrollment=signed, mentor_name="Dr. Kwame Osei")  # newer, did not sign
    record(park, "signed the agreement as Helen Park on 2026-11-20")
    mentor_link_create(enrollment=unsigned, mentor_name="Dr. Mina Lee")
    newest, _ = mentor_link_create(enrollment=unsigned, mentor_name="Dr. Ana Ruiz")
    for enrollment in (signed, unsigned):
        agreement_stored(enrollment)
    try:
        old = migrate(BEFORE)
        Agreement = old.get_model("worksheets", "MentorshipAgreement")
        Agreement.objects.filter(enrollment_id=signed.pk).update(
            mentor_comments={"goals": "Park's comment"},
            mentor_signature="Helen Park",
            mentor_signed_on=datetime.date(2026, 11, 20),
        )
        Agreement.objects.filter(enrollment_id=unsigned.pk).update(
            mentor_comments={"steps": "Somebody's comment"}
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    park.refresh_from_db()
    newest.refresh_from_db()
    assert park.comments == {"goals": "Park's comment"}
    assert MentorLink.objects.get(mentor_name="Dr. Kwame Osei").comments == {}
    assert MentorshipAgreement.objects.get(enrollment=signed).mentor_link == park
    assert newest.comments == {"steps": "Somebody's comment"}
    assert MentorLink.objects.get(mentor_name="Dr. Mina Lee").comments == {}
    # Two links, none signed: the postdoc chooses the agreement's mentor.
    assert MentorshipAgreement.objects.get(enrollment=unsigned).mentor_link is None
