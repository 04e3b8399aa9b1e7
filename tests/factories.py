import factory
from django.contrib.auth import get_user_model

from sessions_app.models import Cohort, CohortSession, Enrollment

DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"postdoc{n}@example.edu")
    display_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Spring cohort {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = Enrollment.Role.PARTICIPANT


def open_sessions(cohort, sessions):
    for session in sessions:
        CohortSession.objects.update_or_create(
            cohort=cohort, session=session, defaults={"is_open": True}
        )
