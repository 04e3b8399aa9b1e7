"""Any saved or deleted curriculum record gives the curriculum a new token (see course.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import CurriculumStamp, Module, Prompt, Section, Session

CURRICULUM_MODELS = (Session, Module, Section, Prompt)


@receiver(post_save)
@receiver(post_delete)
def curriculum_changed(sender, instance, raw=False, **kwargs):
    # Any sender: proxies such as CaseStudy send signals under their own name.
    if isinstance(instance, CURRICULUM_MODELS) and not raw:
        CurriculumStamp.bump()
