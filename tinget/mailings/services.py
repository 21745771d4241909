"""The outbox: render, store, then send after commit; retry what failed for a passing reason.

Every email goes through `queue_email`. It renders the three templates of an event in the
recipient's language, stores an `OutboundEmail` row and, when the surrounding transaction
commits, enqueues the send task. The task claims the row with a conditional UPDATE (queued →
sending), so two workers never send the same row, talks SMTP outside any transaction, and
records the outcome. `sweep_outbox` (run by `tinget tick`) puts rows back that a dead worker
left in "sending" and re-enqueues queued rows whose task was lost.

Delivery is at least once: a worker that dies after the SMTP server accepted a message but
before marking the row sent will, after the sweep, send it again. Its Message-ID is derived
from the row, so the copies carry the same Message-ID and mail clients fold them together.
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import rendering
from . import smtp as smtp_sending
from .mime import fast_message, unsubscribe_headers
from .models import OutboundEmail

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "mailings/email"
# How many emails one send task handles (over up to TINGET_SMTP_CONNECTIONS connections).
BATCH_SIZE = 200
# A row "sending" for longer than this belongs to a worker that died.
STUCK_AFTER = timedelta(minutes=10)
# A queued row this far past its time has lost its task (or never got one): enqueue again.
# Only a safety net where the task backend schedules retries itself (run_after); generous,
# so a worker busy with a big fan-out is not handed the same rows again.
OVERDUE_AFTER = timedelta(minutes=10)
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=2)


def max_attempts() -> int:
    return int(getattr(settings, "TINGET_EMAIL_MAX_ATTEMPTS", 10))


# ---------------------------------------------------------------------------------------
# Rendering and queuing


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>.subject.txt`, `.txt` and `.html` in `language`."""
    with translation.override(language):
        context = {"language": language, "base_url": settings.TINGET_BASE_URL, **context}
        subject = render_to_string(f"{TEMPLATE_DIR}/{template}.subject.txt", context)
        text = render_to_string(f"{TEMPLATE_DIR}/{template}.txt", context)
        html = render_to_string(f"{TEMPLATE_DIR}/{template}.html", context)
    subject = " ".join(subject.split())
    return subject, _tidy_text(text), html.strip()


def _tidy_text(text: str) -> str:
    # "-- " (with its space) is the signature separator mail programs recognise.
    lines = [line if line == "-- " else line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


# While a `batched_sending()` block is open, queued ids are collected here instead of each
# getting a task of its own; the block enqueues them in batches on commit.
_batch: ContextVar[list[int] | None] = ContextVar("tinget_mail_batch", default=None)


@contextlib.contextmanager
def batched_sending() -> Iterator[list[int]]:
    """Collect the emails queued inside the block and send them in batches of BATCH_SIZE
    over one SMTP connection each, after the transaction commits (reminder fan-out)."""
    collected: list[int] = []
    token = _batch.set(collected)
    try:
        yield collected
    finally:
        _batch.reset(token)
    # Reached only without an exception; a rollback also drops the on_commit hook.
    schedule_send(collected)


def build_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    registration=None,
    attachments: Iterable[dict] = (),
    dedupe_key: str | None = None,
    reply_to: str = "",
    unsubscribe_url: str = "",
) -> OutboundEmail:
    """Render one email into an unsaved outbox row (for `queue_email`, `queue_emails`)."""
    return email_row(
        to=to,
        template=template,
        parts=render_email(template, context, language),
        language=language,
        registration=registration,
        attachments=attachments,
        dedupe_key=dedupe_key,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
    )


def email_row(
    *,
    to: str,
    template: str,
    parts: tuple[str, str, str],
    language: str,
    registration=None,
    attachments: Iterable[dict] = (),
    dedupe_key: str | None = None,
    reply_to: str = "",
    unsubscribe_url: str = "",
) -> OutboundEmail:
    """An unsaved outbox row from rendered (subject, text, html) parts (see fanout.py)."""
    subject, text, html = parts
    return OutboundEmail(
        to=to,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        attachments=list(attachments),
        language=language,
        template=template,
        dedupe_key=dedupe_key,
        registration=registration,
    )


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    registration=None,
    attachments: Iterable[dict] = (),
    dedupe_key: str | None = None,
    reply_to: str = "",
    unsubscribe_url: str = "",
) -> OutboundEmail:
    """Store one rendered email and send it once the current transaction commits.

    `template` names an event and audience, `registered_to_registrant`; `attachments` are
    dicts with filename, content (text) and mimetype, plus `method` for an iTIP calendar
    part. With a `dedupe_key` that is already stored, nothing new is queued and the stored
    row is returned: reminders and repeated notices stay idempotent. The returned row's
    `is_new` says which happened.

    `unsubscribe_url` (bulk mail to a group only) adds List-Unsubscribe and
    List-Unsubscribe-Post (RFC 8058 one-click); transactional mail leaves it empty.

    Safe inside a transaction: nothing is sent until it commits; a rollback drops the row.
    Raises TemplateDoesNotExist for an unknown template.
    """
    if dedupe_key and (existing := _stored(dedupe_key)):
        return existing
    email = build_email(
        to=to,
        template=template,
        context=context,
        language=language,
        registration=registration,
        attachments=attachments,
        dedupe_key=dedupe_key,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
    )
    return _store(email, checked=True)


def queue_email_to_render(
    *,
    to: str,
    template: str,
    language: str,
    renderer: str,
    params: dict,
    registration=None,
    dedupe_key: str | None = None,
    reply_to: str = "",
) -> OutboundEmail:
    """As `queue_email`, but the worker renders it (rendering.py): the row stores the
    renderer's name and its JSON `params`, and the send task renders just before sending."""
    email = OutboundEmail(
        to=to,
        reply_to=reply_to,
        subject="",
        body_text="",
        language=language,
        template=template,
        dedupe_key=dedupe_key,
        registration=registration,
        render={"renderer": renderer, "params": params},
    )
    return _store(email)


def _stored(dedupe_key: str) -> OutboundEmail | None:
    existing = OutboundEmail.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        existing.is_new = False
    return existing


def _store(email: OutboundEmail, *, checked: bool = False) -> OutboundEmail:
    """Save a new row (or return the stored one with its dedupe_key); send after commit."""
    dedupe_key = email.dedupe_key
    if dedupe_key:
        if not checked and (existing := _stored(dedupe_key)):
            return existing
        try:
            with transaction.atomic():
                email.save(force_insert=True)
        except IntegrityError:
            # Another process stored the same dedupe_key between our check and our insert.
            if existing := _stored(dedupe_key):
                return existing
            raise
    else:
        # Nothing unique to collide with: no savepoint needed.
        email.save(force_insert=True)
    email.is_new = True
    batch = _batch.get()
    if batch is not None:
        batch.append(email.pk)
    else:
        schedule_send([email.pk])
    return email


def queue_emails(emails: list[OutboundEmail]) -> list[int]:
    """Store many rows from `build_email` in one INSERT and send them after the commit.

    For fan-outs (reminders to thousands): every row needs a dedupe_key; a key that is
    already stored is skipped, so two ticks at once still queue each reminder once.
    Returns the ids this call stored.
    """
    if not emails:
        return []
    if any(not email.dedupe_key for email in emails):
        raise ValueError("queue_emails needs a dedupe_key on every email")
    # One timestamp for the batch tells our rows from rows another process stored.
    stamp = timezone.now()
    for email in emails:
        email.created_at = stamp
        email.next_attempt_at = stamp
    OutboundEmail.objects.bulk_create(emails, ignore_conflicts=True)
    ids = list(
        OutboundEmail.objects.filter(
            dedupe_key__in=[email.dedupe_key for email in emails], created_at=stamp
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batch = _batch.get()
    if batch is not None:
        batch.extend(ids)
    else:
        schedule_send(ids)
    return ids


def schedule_send(email_ids: list[int], *, run_after: datetime | None = None) -> None:
    """Enqueue send tasks for these rows when the current transaction commits."""
    if not email_ids:
        return
    ids = list(email_ids)

    def enqueue():
        from . import tasks  # noqa: PLC0415 — tasks imports this module

        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            task = tasks.send_email if len(chunk) == 1 else tasks.send_emails
            if run_after is not None and task.get_backend().supports_defer:
                task = task.using(run_after=run_after)
            try:
                if len(chunk) == 1:
                    task.enqueue(chunk[0])
                else:
                    task.enqueue(chunk)
            except Exception:
                # The rows are stored: the sweeper enqueues them again within minutes.
                logger.exception("could not enqueue sending of emails %s", chunk)

    transaction.on_commit(enqueue)


# ---------------------------------------------------------------------------------------
# Sending


class InviteMessage(EmailMultiAlternatives):
    """An email whose text/calendar alternative carries `method=` as RFC 6047 asks.

    Django writes the alternative as plain `text/calendar`; Outlook then shows no
    Accept/Decline buttons, so the parameter is added to the finished MIME tree.
    """

    calendar_method: str = ""

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        if self.calendar_method:
            for part in msg.walk():
                if part.get_content_type() == "text/calendar":
                    part.set_param("method", self.calendar_method)
        return msg


def message_id(email: OutboundEmail) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "tinget.localhost"
    return f"<tinget.{email.pk}.{int(email.created_at.timestamp())}@{domain}>"


def build_message(email: OutboundEmail) -> InviteMessage:
    """The MIME message for a stored row.

    multipart/mixed [ multipart/alternative [text/plain, text/html, text/calendar;
    method=...], application/ics attachment ] — the layout Google Calendar itself sends:
    clients that read the alternative get buttons, the rest get a file to open.
    """
    message = InviteMessage(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={
            "Message-ID": message_id(email),
            "Auto-Submitted": "auto-generated",
            "Content-Language": email.language,
            **unsubscribe_headers(email),
        },
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        if attachment.get("method"):
            message.calendar_method = attachment["method"]
            message.attach_alternative(attachment["content"], "text/calendar")
            message.attach(
                attachment["filename"], attachment["content"].encode(), "application/ics"
            )
        else:
            message.attach(
                attachment["filename"], attachment["content"], attachment.get("mimetype")
            )
    return message


def claim(email_id: int, *, now: datetime | None = None) -> bool:
    """queued → sending in one conditional UPDATE: True for exactly one caller."""
    now = now or timezone.now()
    return bool(
        OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
            status=OutboundEmail.Status.SENDING,
            sending_since=now,
            attempts=F("attempts") + 1,
        )
    )


class _Outcome:
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"


def classify(error: Exception) -> tuple[bool, bool, str]:
    """(permanent, connection_lost, reason) for an exception raised while sending.

    Permanent: the server refused the recipient or the message with a 5xx reply, or the
    address cannot be written in SMTP. Everything else — connection refused, timeouts, 4xx
    replies, a server that hung up, our own login or sender being refused (fixable
    configuration) — is worth another try later.
    """
    if isinstance(error, rendering.NoLongerTrue):
        return True, False, f"not sent: {error}"
    if isinstance(error, rendering.NothingToSend | LookupError):
        return True, False, f"could not be rendered: {error}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.items())
        permanent = bool(replies) and all(code >= 500 for _, (code, _) in replies)
        reason = "; ".join(
            f"{address}: {code} {_decode(text)}" for address, (code, text) in replies
        )
        return permanent, False, f"recipient refused: {reason}"
    if isinstance(error, smtplib.SMTPDataError):
        reason = f"message refused: {error.smtp_code} {_decode(error.smtp_error)}"
        return error.smtp_code >= 500, False, reason
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return False, True, f"server disconnected: {error}"
    if isinstance(error, smtplib.SMTPResponseException):
        # Sender refused, HELO or login failed: our configuration, not the recipient.
        return False, True, f"{type(error).__name__}: {error.smtp_code} {_decode(error.smtp_error)}"
    if isinstance(error, OSError):
        return False, True, f"{type(error).__name__}: {error}"
    if isinstance(error, (ValueError, UnicodeError)):
        return True, False, f"address or content cannot be sent: {error}"
    return False, False, f"{type(error).__name__}: {error}"


def _decode(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, ... up to 2 hours between tries."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)


def smtp_connections() -> int:
    """How many SMTP connections one send task uses at most (TINGET_SMTP_CONNECTIONS)."""
    return max(1, int(getattr(settings, "TINGET_SMTP_CONNECTIONS", 4)))


# A connection is worth opening for this many emails at least.
PER_CONNECTION = 25


def send_outbound(email_ids: Iterable[int]) -> dict[str, int]:
    """Send these rows over up to `smtp_connections()` SMTP connections, each kept open for
    its share of the batch (smtp.py); returns counts by outcome.

    Side effects: each row it claims ends as sent, failed (with the reason) or queued again
    with `next_attempt_at` pushed back exponentially (and a deferred task where the task
    backend supports it). Rows another worker claimed, or already sent, are skipped. When a
    connection is lost, the rest of its share is left queued for the sweeper.
    Must run outside a transaction (it does: tasks run after commit or in the worker).
    """
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    ids = list(email_ids)
    if not ids:
        return counts
    # One claim and one read for the batch: a row's content never changes after it is
    # queued (or is rendered from its spec now, rendering.py, when it is read).
    claimed = claim_many(ids)
    rows = OutboundEmail.objects.in_bulk(list(claimed)) if claimed else {}
    counts["skipped"] += len(ids) - len(rows)
    ready = []
    for email_id in ids:
        email = rows.get(email_id)
        if email is None:
            continue
        if email.render is not None and not getattr(email, "rendered_now", False):
            try:
                # Its text could not be rendered when it was read: again, for the error.
                rendering.fill(email, rendering.render(email))
            except Exception as error:
                _record_error(email, error, counts)
                continue
        ready.append(email)
    unsent = {email.pk for email in ready}
    if claimed.difference(rows):
        release(claimed.difference(rows))
    try:
        _deliver(ready, counts, unsent)
    finally:
        if unsent:
            # Claimed but not tried (a connection went): queued again for the sweeper now,
            # not only after the stuck-row timeout.
            release(unsent)
    return counts


def _deliver(ready: list[OutboundEmail], counts: dict, unsent: set[int]) -> None:
    mailer = mailers["default"]
    lanes = [ready]
    if isinstance(mailer, SMTPBackend):
        count = min(smtp_connections(), max(1, len(ready) // PER_CONNECTION))
        lanes = [ready[n::count] for n in range(count)]

    def send_lane(lane: list[OutboundEmail], report) -> None:
        # One mailer, one connection per lane; the first lane may use the one made above.
        lane_mailer = mailer if lane is lanes[0] else mailers["default"]
        smtp = isinstance(lane_mailer, SMTPBackend)
        try:
            for position, email in enumerate(lane):
                try:
                    # Opened here, the connection stays open for the whole lane (send_messages
                    # closes only connections it opened itself). Only the SMTP backend keeps a
                    # connection; for the file, console and in-memory ones open() is harmless.
                    if getattr(lane_mailer, "connection", None) is None:
                        lane_mailer.open()
                    fast = fast_message(email, message_id=message_id(email)) if smtp else None
                    if fast is not None:
                        # Plain emails: bytes written directly (mime.py), pipelined where the
                        # server allows it (smtp.py).
                        smtp_sending.sendmail(lane_mailer.connection, fast[0], email.to, fast[1])
                    else:
                        lane_mailer.send_messages([build_message(email)])
                except Exception as error:
                    connection_lost = classify(error)[1]
                    report(("error", email, error))
                    if connection_lost:
                        with contextlib.suppress(Exception):
                            lane_mailer.close()
                        report(("untried", lane[position + 1 :]))
                        return
                    continue
                report(("sent", email))
        finally:
            with contextlib.suppress(Exception):
                lane_mailer.close()

    def handle(items: list[tuple]) -> None:
        sent = [item[1] for item in items if item[0] == "sent"]
        _mark_sent(sent)
        for email in sent:
            unsent.discard(email.pk)
        counts["sent"] += len(sent)
        for item in items:
            if item[0] == "error":
                unsent.discard(item[1].pk)
                _record_error(item[1], item[2], counts)
            elif item[0] == "untried":
                counts["skipped"] += len(item[1])

    smtp_sending.send_lanes(lanes, send_lane, handle)


def _mark_sent(emails: list[OutboundEmail]) -> None:
    """Sent, at once: a worker that dies mid-batch has sent nothing that is not marked, so
    the stuck-row reset sends nothing twice. Rows that arrived together are marked in one
    UPDATE (those rendered just now store their text with it, one by one)."""
    now = timezone.now()
    done = {
        "status": OutboundEmail.Status.SENT,
        "sent_at": now,
        "sending_since": None,
        "last_error": "",
    }
    plain = []
    for email in emails:
        rendered = rendering.stored_fields(email)
        if rendered:
            OutboundEmail.objects.filter(pk=email.pk).update(**done, **rendered)
        else:
            plain.append(email.pk)
    if plain:
        OutboundEmail.objects.filter(pk__in=plain).update(**done)


def _record_error(email: OutboundEmail, error: Exception, counts: dict) -> None:
    permanent, _connection_lost, reason = classify(error)
    counts[_record_failure(email, permanent=permanent, reason=reason)] += 1


def claim_many(email_ids: list[int], *, now: datetime | None = None) -> set[int]:
    """queued → sending for a batch in one transaction; returns the ids this caller got.

    Rows another worker holds are skipped (SKIP LOCKED on PostgreSQL; SQLite's IMMEDIATE
    transactions let one writer in at a time), so each row goes to exactly one caller.
    """
    if not email_ids:
        return set()
    now = now or timezone.now()
    with transaction.atomic():
        mine = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=email_ids, status=OutboundEmail.Status.QUEUED)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=mine, status=OutboundEmail.Status.QUEUED).update(
            status=OutboundEmail.Status.SENDING,
            sending_since=now,
            attempts=F("attempts") + 1,
        )
    return set(mine)


def release(email_ids: Iterable[int]) -> None:
    """sending → queued for rows claimed but never tried; their attempt is not counted."""
    OutboundEmail.objects.filter(
        pk__in=list(email_ids), status=OutboundEmail.Status.SENDING
    ).update(
        status=OutboundEmail.Status.QUEUED,
        sending_since=None,
        attempts=F("attempts") - 1,
        next_attempt_at=timezone.now(),
    )


def _record_failure(email: OutboundEmail, *, permanent: bool, reason: str) -> str:
    now = timezone.now()
    if permanent or email.attempts >= max_attempts():
        if not permanent:
            reason = f"gave up after {email.attempts} attempts: {reason}"
        logger.warning("email %s to %s failed: %s", email.pk, email.to, reason)
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=OutboundEmail.Status.FAILED,
            sending_since=None,
            last_error=reason[:2000],
            **rendering.stored_fields(email),
        )
        return _Outcome.FAILED
    retry_at = now + backoff(email.attempts)
    logger.info("email %s to %s will be retried at %s: %s", email.pk, email.to, retry_at, reason)
    # Nothing went out, so the rendered text is not kept: the next try renders it again
    # from the database as it is then (a registration cancelled meanwhile sends nothing).
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.QUEUED,
        sending_since=None,
        next_attempt_at=retry_at,
        last_error=reason[:2000],
    )
    # A deferred task retries on time where the backend can defer (the database backend);
    # elsewhere the sweeper picks the row up once it is due.
    from . import tasks  # noqa: PLC0415 — tasks imports this module

    task = tasks.send_email
    if task.get_backend().supports_defer:
        try:
            task.using(run_after=retry_at).enqueue(email.pk)
        except Exception:
            logger.exception("could not schedule the retry of email %s", email.pk)
    return _Outcome.RETRY


def sweep_outbox(*, now: datetime | None = None, limit: int = 5000) -> dict[str, int]:
    """Reset rows stuck in "sending" and enqueue queued rows that are due (with the database
    backend: overdue by OVERDUE_AFTER, since their deferred task should have sent them).

    Side effects: stuck rows go back to queued (their worker died mid-send; see the
    at-least-once note above); both kinds get send tasks, in batches.
    """
    now = now or timezone.now()
    from . import tasks  # noqa: PLC0415 — tasks imports this module

    # Without deferred tasks (ImmediateBackend and the like) the sweep is what retries.
    overdue_after = OVERDUE_AFTER if tasks.send_email.get_backend().supports_defer else timedelta(0)
    stuck_ids = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.SENDING, sending_since__lt=now - STUCK_AFTER
        ).values_list("pk", flat=True)[:limit]
    )
    if stuck_ids:
        OutboundEmail.objects.filter(pk__in=stuck_ids, status=OutboundEmail.Status.SENDING).update(
            status=OutboundEmail.Status.QUEUED,
            sending_since=None,
            next_attempt_at=now,
            last_error="reset: the worker sending it stopped",
        )
    due_ids = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now - overdue_after
        )
        .exclude(pk__in=stuck_ids)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[: max(limit - len(stuck_ids), 0)]
    )
    schedule_send(stuck_ids + due_ids)
    return {"reset": len(stuck_ids), "requeued": len(due_ids)}


def purge_outbox(*, now: datetime | None = None) -> int:
    """Delete sent and failed emails older than TINGET_OUTBOX_RETENTION_DAYS (GDPR retention).

    Queued and sending rows are never touched: they have not been delivered yet. Returns how
    many rows were deleted.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TINGET_OUTBOX_RETENTION_DAYS)
    deleted, _by_model = OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED], created_at__lt=cutoff
    ).delete()
    return deleted


def requeue_failed(email_id: int) -> bool:
    """failed → queued with a fresh count of attempts, sent after the commit; True when the
    row was failed (a row in any other state is left alone, so a double click sends once).

    The caller decides who may ask for it and audits it (the outbox knows no series)."""
    requeued = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        sending_since=None,
    )
    if requeued:
        schedule_send([email_id])
    return bool(requeued)
