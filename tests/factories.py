"""factory_boy factories for the programme models, shared by every test area.

SeriesFactory makes a *published* series (drafts are invisible to the public; ask for
`status=Series.Status.DRAFT` when you need one). SessionFactory makes a scheduled online
session a week ahead, one hour long, with a recognisable private join link.
"""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from tinget.programme.models import (
    SDG,
    Appearance,
    Material,
    Membership,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)

# A recognisable private join link: tests assert it never appears on public output.
JOIN_URL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_HEMMELIGT-LINK"

# Every UserFactory user logs in with this password.
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user (an organiser); give it MembershipFactory rows for its organisations."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"organiser{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.ASSOCIATION
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person Nummer {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "Konsulent"
    organisation = factory.SubFactory(OrganisationFactory)
    bio = ""


class SeriesFactory(factory.django.DjangoModelFactory):
    """A published series; partners=[org, ...] adds partners "fagligt udviklet af"."""

    class Meta:
        model = Series
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"serie-{n}")
    title = factory.Sequence(lambda n: f"Webinarrække {n}")
    description = "En række webinarer om bæredygtig omstilling i kommunerne."
    moderator = factory.SubFactory(PersonFactory)
    contact_email = "kontakt@example.org"
    platform = "Microsoft Teams"
    is_free = True
    status = Series.Status.PUBLISHED

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for order, organisation in enumerate(extracted):
            SeriesPartner.objects.create(
                series=obj,
                organisation=organisation,
                part=kwargs.get("part", "fagligt udviklet af"),
                order=order,
            )


class SeriesPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeriesPartner

    series = factory.SubFactory(SeriesFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    part = "fagligt udviklet af"
    order = factory.Sequence(lambda n: n)


def _next_week_at_nine(n: int) -> dt.datetime:
    today = timezone.localdate()
    day = today + dt.timedelta(days=7 + n)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    series = factory.SubFactory(SeriesFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.Sequence(_next_week_at_nine)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    format = Session.Format.ONLINE
    join_url = factory.Sequence(lambda n: f"https://teams.example.com/l/meetup-join/SECRET-{n}")
    status = Session.Status.SCHEDULED


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Oplæg {n}")
    description = "Et oplæg om **verdensmålene** i kommunen."


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    item = factory.SubFactory(ProgrammeItemFactory)
    person = factory.SubFactory(PersonFactory)
    role = factory.LazyAttribute(lambda o: o.person.role)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    organisation_name = factory.LazyAttribute(
        lambda o: o.organisation.name if o.organisation else ""
    )
    part = Appearance.Part.SPEAKER
    order = factory.Sequence(lambda n: n)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    session = factory.SubFactory(SessionFactory)
    item = None
    kind = Material.Kind.SLIDES
    title = factory.Sequence(lambda n: f"Slides {n}")
    url = factory.Sequence(lambda n: f"https://example.org/materialer/{n}.pdf")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.EDITOR


def at(days: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build_seed_series(join_url: str = JOIN_URL) -> Series:
    """A seed-like published series: four roles of the seed page in miniature.

    Partners (CSR Forum, KL) "fagligt udviklet af", a moderator, one past session with a recap
    and slides, two upcoming sessions with speakers (one item with a nested Markdown list and
    goal 12). Every session carries `join_url`, which must never appear publicly.
    """
    csr = OrganisationFactory(
        name="CSR Forum", slug="csr-forum", kind=Organisation.Kind.ASSOCIATION
    )
    kl = OrganisationFactory(name="KL", slug="kl", kind=Organisation.Kind.ASSOCIATION)
    cph = OrganisationFactory(name="Cphfacilitation", slug="cphfacilitation")
    moderator = PersonFactory(
        name="Flemming Olsen", slug="flemming-olsen", role="Facilitator", organisation=cph
    )
    series = SeriesFactory(
        slug="kommunerne-som-accelerator",
        title="Kommunerne som accelerator af den bæredygtige transformation",
        description="Webinarrækken viser, hvordan **kommunerne** kan drive omstillingen.",
        moderator=moderator,
        contact_email="csrforum@csrforum.dk",
        partners=[csr, kl],
    )
    series.sdgs.add(SDG.objects.get(number=11), SDG.objects.get(number=17))
    gentofte = OrganisationFactory(
        name="Gentofte Kommune", slug="gentofte-kommune", kind=Organisation.Kind.MUNICIPALITY
    )
    past = SessionFactory(
        series=series,
        title="",
        starts_at=at(-30),
        ends_at=at(-30, 10),
        status=Session.Status.HELD,
        recap="Vi hørte om **ledelse** af verdensmålene. [Podcast](https://example.org/podcast)",
        join_url=join_url,
    )
    talk = ProgrammeItemFactory(session=past, order=1, title="Verdensmålene skal ledes")
    maria = PersonFactory(name="Maria Maarbjerg", slug="maria-maarbjerg", organisation=gentofte)
    AppearanceFactory(
        item=talk,
        person=maria,
        role="Udviklingskonsulent med verdensmålsfokus",
        organisation=gentofte,
        organisation_name="Gentofte Kommune",
    )
    MaterialFactory(session=past, title="Slides fra Gentofte", url="https://example.org/slides.pdf")
    first = SessionFactory(
        series=series,
        title="Mine oplevelser af verdensmålenes betydning for kommunalvalget",
        starts_at=at(10),
        ends_at=at(10, 10),
        join_url=join_url,
    )
    steen = PersonFactory(name="Steen Hildebrandt", slug="steen-hildebrandt", role="Professor")
    item = ProgrammeItemFactory(
        session=first, order=1, title="Verdensmålene og kommunalvalget", time=dt.time(9, 5)
    )
    AppearanceFactory(
        item=item,
        person=steen,
        role="Professor emeritus",
        organisation=None,
        organisation_name="Aarhus Universitet",
    )
    second = SessionFactory(
        series=series,
        title="Partnerskab for handling",
        starts_at=at(17),
        ends_at=at(17, 10),
        join_url=join_url,
    )
    nyborg = OrganisationFactory(
        name="Nyborg Kommune", slug="nyborg-kommune", kind=Organisation.Kind.MUNICIPALITY
    )
    babak = PersonFactory(name="Babak Djarah", slug="babak-djarah", organisation=nyborg)
    nyborg_item = ProgrammeItemFactory(
        session=second,
        order=2,
        title="Nyborg Kommunes politik for grøn omstilling",
        description=(
            "Der er formuleret en række målsætninger:\n\n"
            "- styrke de cirkulære virksomheder\n"
            "  - og klynger med [cirkulær produktion](https://example.org/cirkulaer)\n"
            "- styrke symbiosesamarbejdet\n"
        ),
    )
    nyborg_item.sdgs.add(SDG.objects.get(number=12))
    second.sdgs.add(SDG.objects.get(number=11))
    AppearanceFactory(
        item=nyborg_item,
        person=babak,
        role="Erhvervs- og udviklingschef",
        organisation=nyborg,
        organisation_name="Nyborg Kommune",
    )
    return series
