import factory

from utblick.core.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    name = factory.Faker("name", locale="sv_SE")
    password = factory.django.Password("test-password-123")
