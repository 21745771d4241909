"""The programme side of the domain: who organises, who speaks, what happens when.

Speakers' role and organisation are stored on each appearance as they were printed for that
talk, because people change jobs and the record must keep what was true then.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .formatting import format_day, format_when
from .uploads import validate_image_file, validate_material_file

# Teams meetings hold 1,000 interactive attendees; with nothing else set, that is the cap.
DEFAULT_CAPACITY = 1000


class Municipality(models.Model):
    """One of the 98 kommuner (data/kommuner.csv, sources in data/SOURCES.md)."""

    code = models.CharField(_("kommunekode"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=120)
    region_code = models.CharField(_("region code"), max_length=4)
    region = models.CharField(_("region"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.official_name


class SDG(models.Model):
    """One of the 17 UN Sustainable Development Goals (data/sdgs_da_en.csv)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    title_da = models.CharField(_("Danish title"), max_length=100)
    title_en = models.CharField(_("English title"), max_length=100)
    colour = models.CharField(_("colour"), max_length=7)
    white_text_ok = models.BooleanField(_("white text is readable"), default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")

    def __str__(self):
        return f"{self.number}. {self.title_da}"

    @property
    def title(self):
        return self.title_en if (get_language() or "da").startswith("en") else self.title_da

    def get_absolute_url(self):
        return reverse("programme:sdg", kwargs={"number": self.number})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        STATE = "state", _("State body")
        ASSOCIATION = "association", _("Association")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("NGO")
        RESEARCH = "research", _("Research and education")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Only when the organisation is one of the 98 municipalities."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="logos/%Y/",
        max_length=255,
        blank=True,
        validators=[validate_image_file],
        help_text=_("PNG, JPEG or WebP, at most 5 MB. Shown on the series it is a partner of."),
    )
    logo_alt = models.CharField(
        _("text of the logo"),
        max_length=300,
        blank=True,
        help_text=_("What the logo says, usually the organisation's name."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        if self.municipality_id and self.kind != self.Kind.MUNICIPALITY:
            raise ValidationError(
                {"municipality": _("Only a municipality can have a municipality code.")}
            )
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Write what the logo says, for people who cannot see it.")}
            )

    def get_absolute_url(self):
        return reverse("programme:organisation", kwargs={"slug": self.slug})


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role = models.CharField(_("current role"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("current organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="people/%Y/",
        max_length=255,
        blank=True,
        validators=[validate_material_file],
    )
    photo_alt = models.CharField(_("description of the photo"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:person", kwargs={"slug": self.slug})


class ContentLanguage(models.TextChoices):
    DANISH = "da", "Dansk"
    ENGLISH = "en", "English"


class Series(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), blank=True)
    moderator = models.ForeignKey(
        Person,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_series",
    )
    partners = models.ManyToManyField(
        Organisation, through="SeriesPartner", related_name="series", verbose_name=_("partners")
    )
    contact_email = models.EmailField(_("contact address"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()-]{5,28}$",
                message=_("Write a phone number like 33 12 34 56 or +45 33 12 34 56."),
            )
        ],
    )
    platform = models.CharField(_("meeting platform"), max_length=100, blank=True)
    is_free = models.BooleanField(_("free to attend"), default=True)
    # The language the organisers write the series in (titles, descriptions, programme,
    # roles, recaps): pages in the other language mark that content with lang (WCAG 3.1.2).
    content_language = models.CharField(
        _("language of the content"),
        max_length=2,
        choices=ContentLanguage,
        default=ContentLanguage.DANISH,
    )
    sdgs = models.ManyToManyField(SDG, blank=True, related_name="series", verbose_name=_("SDGs"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    default_capacity = models.PositiveIntegerField(
        _("default capacity per session"),
        null=True,
        blank=True,
        help_text=_("Used for sessions without their own capacity. Empty means 1,000."),
    )
    remind_24h = models.BooleanField(_("reminder 24 hours before"), default=True)
    remind_1h = models.BooleanField(_("reminder 1 hour before"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        # English "series" is both singular and plural; Danish is "serie" / "serier".
        verbose_name_plural = pgettext_lazy("plural", "series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:series", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class SeriesPartner(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    part = models.CharField(
        _("part"), max_length=100, blank=True, help_text=_('For example "fagligt udviklet af".')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["series", "organisation"], name="unique_partner")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.part})" if self.part else str(self.organisation)


class Session(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        PHYSICAL = "physical", _("Physical")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.ONLINE)
    place = models.CharField(_("place"), max_length=300, blank=True)
    join_url = models.URLField(
        _("join link"),
        max_length=1000,
        blank=True,
        help_text=_("Private: sent only to confirmed registrants, never shown publicly."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Empty means the series' default, or 1,000."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SCHEDULED)
    # After this moment nobody can sign up on the public page, the widget or the API; an
    # organiser may still add someone by hand. Empty: open until the session ends.
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    # Each sign-up waits for an organiser's approval before it takes a seat.
    requires_approval = models.BooleanField(_("approve each sign-up"), default=False)
    recap = models.TextField(_("recap (Markdown)"), blank=True)
    sdgs = models.ManyToManyField(SDG, blank=True, related_name="sessions", verbose_name=_("SDGs"))
    # Calendar identity: stable UID per session, SEQUENCE rises with each change that
    # calendar clients must see (time, link, cancellation).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            )
        ]

    def __str__(self):
        label = self.title or self.series.title
        return f"{label} ({format_when(self.starts_at, self.ends_at, year=True)})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if self.signup_deadline and self.starts_at and self.signup_deadline > self.starts_at:
            raise ValidationError(
                {"signup_deadline": _("The sign-up deadline must be before the session starts.")}
            )

    def get_absolute_url(self):
        return reverse("programme:session", kwargs={"slug": self.series.slug, "pk": self.pk})

    @property
    def effective_capacity(self) -> int:
        if self.capacity is not None:
            return self.capacity
        if self.series.default_capacity is not None:
            return self.series.default_capacity
        return DEFAULT_CAPACITY

    @property
    def is_upcoming(self) -> bool:
        return self.status == self.Status.SCHEDULED and self.ends_at > timezone.now()

    @property
    def signup_deadline_passed(self) -> bool:
        return self.signup_deadline is not None and self.signup_deadline <= timezone.now()

    @property
    def display_title(self) -> str:
        """The title, or for an untitled session its date ("Webinar torsdag den 1. november"),
        so a page does not repeat the series title as if it were the session's."""
        if self.title:
            return self.title
        return gettext("Webinar %(date)s") % {"date": format_day(self.starts_at, weekday=True)}


class ProgrammeItem(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    time = models.TimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description (Markdown)"), blank=True)
    sdgs = models.ManyToManyField(SDG, blank=True, related_name="items", verbose_name=_("SDGs"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title


class Appearance(models.Model):
    """A person on a programme item, with the role and organisation printed for that talk."""

    class Part(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        FACILITATOR = "facilitator", _("Facilitator")
        PANELIST = "panelist", _("Panelist")

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="appearances")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appearances"
    )
    role = models.CharField(_("role then"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation then"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation (link)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appearances",
    )
    part = models.CharField(_("part"), max_length=20, choices=Part, default=Part.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return str(self.person)

    @property
    def organisation_label(self) -> str:
        return self.organisation_name or (self.organisation.name if self.organisation else "")


class Material(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")
        PODCAST = "podcast", _("Podcast")
        LINK = "link", _("Link")
        FILE = "file", _("File")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="materials", verbose_name=_("session")
    )
    item = models.ForeignKey(
        ProgrammeItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("programme item"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LINK)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="materials/%Y/",
        max_length=255,
        blank=True,
        validators=[validate_material_file],
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, WebP, MP3, MP4 or plain text."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.url) == bool(self.file):
            raise ValidationError(_("Give either a link or an uploaded file."))
        if self.item_id and self.session_id and self.item.session_id != self.session_id:
            raise ValidationError({"item": _("The item belongs to another session.")})

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class Membership(models.Model):
    """An organiser's seat in a partner organisation; it decides which series they may touch."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer (figures only)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.EDITOR)

    class Meta:
        verbose_name = _("organiser membership")
        verbose_name_plural = _("organiser memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class Invitation(models.Model):
    """An editor invites a colleague to their organisation's team by email, as an editor or a
    viewer. The link in the email carries a secret token of which only the SHA-256 is kept;
    it works once, until `expires_at`, unless the invitation is revoked first."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"), max_length=254)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role, default=Membership.Role.EDITOR
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation} ({self.role})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEntry(models.Model):
    """Who did what to whom, for lifecycles, exports, messages and imports."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL)
    people_count = models.PositiveIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
