import factory

from utblick.core.tests.factories import UserFactory
from utblick.organisations.choices import PersonKind, Role, UnitKind, UnitRoleKind
from utblick.organisations.models import Membership, Organisation, Person, Unit, UnitRole


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    slug = factory.Sequence(lambda n: f"enhet-{n}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="sv_SE")
    title = "Utvecklingsledare"
    kind = PersonKind.OFFICIAL
    email = factory.Sequence(lambda n: f"person{n}@kommun.example")


class UnitRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitRole

    unit = factory.SubFactory(UnitFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..unit.organisation"))
    role = UnitRoleKind.CONTACT_PERSON


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.READER

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)
