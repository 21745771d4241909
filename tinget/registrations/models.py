"""Sign-ups, the waiting list, series subscriptions and attendance.

A registration is one person (by email) for one session. Its status is changed only by
`tinget.registrations.services`, inside a transaction that locks the session row.
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import Municipality, Organisation, Series, Session


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Language(models.TextChoices):
    DA = "da", "Dansk"
    EN = "en", "English"


class RegistrantDetails(models.Model):
    """What a person tells us about themselves when they sign up."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Organisation.Kind, blank=True
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.DA)
    # Sign-ups before the privacy notice: the consent box that was then required.
    consent_text = models.TextField(_("consent text shown"), blank=True)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # The privacy notice exactly as the person saw it next to the form.
    notice_text = models.TextField(_("privacy notice shown"), blank=True)
    # Optional consents given: {"<key>": {"text": wording shown, "given_at": ISO time}};
    # a withdrawn one keeps its wording with "withdrawn_at".
    consents = models.JSONField(_("optional consents"), default=dict, blank=True)
    answers = models.JSONField(_("answers to extra questions"), default=dict, blank=True)

    class Meta:
        abstract = True


class SeriesSubscription(RegistrantDetails):
    """ "Tilmeld hele rækken": a registration for every upcoming session, later ones too."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="subscriptions")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("series subscription")
        verbose_name_plural = _("series subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["series", "email"], name="unique_subscription")
        ]

    def __str__(self):
        return f"{self.email} → {self.series}"


class Registration(RegistrantDetails):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        # Email confirmed for a session whose organisers approve each sign-up: no seat yet.
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        MISSED = "missed", _("Did not attend")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    subscription = models.ForeignKey(
        SeriesSubscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The waiting list is ordered by this: the moment the person joined it.
    waitlisted_at = models.DateTimeField(_("joined waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # When a waiting person got a seat (by a cancellation, more capacity or an organiser).
    promoted_at = models.DateTimeField(_("moved up from waiting list"), null=True, blank=True)
    # "Delete my data": the personal fields are wiped, the row stays for anonymous counts.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance, blank=True, default=""
    )
    minutes_present = models.PositiveIntegerField(_("minutes present"), null=True, blank=True)
    # Marked attended or missed by an organiser (someone the Teams report does not show): a
    # corrected report keeps the mark unless it shows the person in the meeting.
    attendance_by_hand = models.BooleanField(_("attendance marked by hand"), default=False)
    # The calendar SEQUENCE this person's invite last carried.
    invite_sequence = models.PositiveIntegerField(default=0)
    # The personal join link (/deltag/<join_token>/): its own token, which only leads to the
    # meeting, so an invite forwarded or a calendar shared reveals nothing else.
    join_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # "Opened the join link": a click, which is not attendance (the Teams report says that).
    join_opened_at = models.DateTimeField(_("first opened the join link"), null=True, blank=True)
    join_opened_count = models.PositiveIntegerField(_("times the join link was opened"), default=0)
    # One token per purpose: `token` is the manage page (change, cancel, export, delete);
    # `feed_token` only reads the personal calendar feed (a calendar service holds it; the
    # manage page renews it); `feedback_token` only opens the feedback form.
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    feedback_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "email"], name="unique_registration")
        ]
        indexes = [
            models.Index(fields=["session", "status", "waitlisted_at"]),
        ]

    def __str__(self):
        return f"{self.email} → {self.session_id} ({self.status})"


class SeriesQuestion(models.Model):
    """An extra question organisers ask on a series' sign-up form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        CHOICE = "choice", _("Choice")
        YESNO = "yesno", _("Yes/no")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.TEXT)
    choices = models.TextField(_("choices, one per line"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class AttendanceImport(models.Model):
    """One uploaded Teams attendance report; a corrected report replaces the earlier one."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance_imports"
    )
    uploaded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    matched = models.PositiveIntegerField(default=0)
    unmatched = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d})"


class Participant(models.Model):
    """A row of a Teams report: someone who was in the meeting."""

    attendance_import = models.ForeignKey(
        AttendanceImport, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(max_length=200)
    email = models.CharField(max_length=254, blank=True)
    minutes_present = models.PositiveIntegerField(default=0)
    role = models.CharField(max_length=50, blank=True)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """The short form sent after a session: a score from 1 to 5 and a comment."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="feedback_score_1_5"
            )
        ]

    def __str__(self):
        return f"{self.score}/5"


class GroupMailOptOut(models.Model):
    """ "No more of these": a person stopped the organisers' messages to a group, or the
    follow-ups, of one series, with the one-click unsubscribe link (RFC 8058) in those
    emails. Transactional emails (confirmations, invites, reminders) are not affected."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Messages from the organisers")
        FOLLOWUP = "followup", _("Follow-up emails after the sessions")

    email = models.EmailField(max_length=254)
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "series", "kind"], name="unique_opt_out")
        ]

    def __str__(self):
        return f"{self.email} ✕ {self.kind} ({self.series_id})"


class EmailText(models.Model):
    """A series' own subject and opening text for one kind of email in one language, in
    place of the default (`registrations.email_texts`). No row: the default is sent."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="email_texts")
    # The event of registrations.notifications ("registered", "reminder_24h", ...).
    event = models.CharField(max_length=40)
    language = models.CharField(max_length=2, choices=Language)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "event", "language"], name="unique_email_text"
            )
        ]
        verbose_name = _("email text")
        verbose_name_plural = _("email texts")

    def __str__(self):
        return f"{self.series_id}: {self.event} ({self.language})"
