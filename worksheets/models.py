from django.core.validators import MaxLengthValidator
from django.db import models

from sessions_app.models import Enrollment, Prompt

MAX_ANSWER_LENGTH = 20_000


class AnswerQuerySet(models.QuerySet):
    def for_enrollment(self, enrollment):
        return self.filter(enrollment=enrollment)

    def for_module(self, enrollment, module):
        return self.for_enrollment(enrollment).filter(prompt__section__module=module)


class Answer(models.Model):
    """A participant's text for one prompt.

    `version` grows by one with every save; a save names the version it was based on and only
    succeeds while that is still the stored one, so a stale tab cannot overwrite newer work.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="answers")
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_ANSWER_LENGTH)])
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "prompt"], name="one_answer_per_prompt"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="answer_version_positive"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment.user} — {self.prompt}"
