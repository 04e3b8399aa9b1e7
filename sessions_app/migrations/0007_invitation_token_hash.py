import hashlib

from django.db import migrations, models

import mentoring.tokens
import sessions_app.models


def hash_tokens(apps, schema_editor):
    """Existing invitations keep working: each token's digest is stored, then the token goes."""
    Invitation = apps.get_model("sessions_app", "Invitation")
    for invitation in Invitation.objects.only("pk", "token"):
        digest = hashlib.sha256(invitation.token.encode("utf-8", "surrogatepass")).hexdigest()
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0006_session_opened_and_closed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="token"),
        migrations.AlterField(
            model_name="cohort",
            name="join_code",
            field=models.CharField(
                default=sessions_app.models.new_join_code,
                max_length=32,
                unique=True,
                validators=[mentoring.tokens.validate_code],
            ),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
