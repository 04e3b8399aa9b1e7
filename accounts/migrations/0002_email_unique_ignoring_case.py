import django.db.models.functions.text
from django.db import migrations, models


def lower_case_emails(apps, schema_editor):
    """Store every address trimmed and in lower case before the constraint is made; two accounts
    whose addresses differ only in case stop the migration with their addresses named."""
    User = apps.get_model("accounts", "User")
    seen = {}
    for pk, email in User.objects.values_list("pk", "email"):
        normal = (email or "").strip().lower()
        if normal in seen:
            raise RuntimeError(
                f"Accounts {seen[normal]} and {pk} share the address {normal!r} in different "
                "cases: merge or rename one of them, then migrate again."
            )
        seen[normal] = pk
        if normal != email:
            User.objects.filter(pk=pk).update(email=normal)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(lower_case_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message="An account with this e-mail address already exists.",
            ),
        ),
    ]
