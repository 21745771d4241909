"""`tinget load_demo`: load or refresh the seed's series, the demo's two accounts and what
happened around the series (registrations, attendance, follow-ups, feedback)."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tinget.programme import demo
from tinget.registrations import demo as activity


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo series and make sure the demo's organiser and "
        "administrator accounts exist. Passwords are generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organiser-password-file",
            type=Path,
            metavar="PATH",
            help="Read the organiser's password from this file instead of generating one "
            "(it is then not printed).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of what the command prints (make demo prints English).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo accounts new generated passwords.",
        )

    def handle(
        self,
        *args,
        organiser_password_file=None,
        reset_passwords=False,
        language=None,
        **options,
    ):
        organiser_password = None
        if organiser_password_file is not None:
            try:
                organiser_password = organiser_password_file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise CommandError(f"{organiser_password_file}: {error.strerror}") from None
            if not organiser_password:
                raise CommandError(f"{organiser_password_file} is empty")

        # The demo's content (and the emails it queues) is Danish; only the report follows
        # --language.
        with translation.override(settings.LANGUAGE_CODE):
            result = demo.load_demo()
            accounts = demo.ensure_accounts(
                reset_passwords=reset_passwords, organiser_password=organiser_password
            )
            organiser = get_user_model().objects.get(username=demo.ORGANISER_USERNAME)
            activity.load_activity(series=result.series, actor=organiser)
        with translation.override(language or settings.LANGUAGE_CODE):
            self._report(result, accounts)
            self._report_activity(result.series)

    def _report_activity(self, series):
        held, upcoming, _third = activity.sessions_of(series)
        figures = activity.figures(held, upcoming)
        self.stdout.write(
            _(
                "Held session: %(registered)s registered, %(attended)s attended, "
                "%(followups)s follow-ups, %(feedback)s feedback answers. Next session: "
                "%(upcoming)s registered."
            )
            % figures
        )

    def _report(self, result, accounts):
        base = settings.TINGET_BASE_URL
        series = result.series
        verb = _("Loaded") if result.created else _("Refreshed")
        self.stdout.write(
            self.style.SUCCESS(
                _('%(verb)s the demo series "%(title)s" with %(count)s sessions.')
                % {"verb": verb, "title": series.title, "count": series.sessions.count()}
            )
        )
        for session in series.sessions.order_by("starts_at"):
            start = timezone.localtime(session.starts_at)
            end = timezone.localtime(session.ends_at)
            if translation.get_language() == "da":
                when = f"{date_format(start, 'l j. F Y')} kl. {start:%H.%M}-{end:%H.%M}"
            else:
                when = f"{date_format(start, 'l j F Y')} {start:%H:%M}-{end:%H:%M}"
            self.stdout.write(
                f"  {when}  {session.get_status_display()}  {session.title or _('(no title)')}"
            )
        if result.moved and not result.created:
            self.stdout.write(_("The sessions were moved so that the first lies in the past."))
        # The addresses are the site's own (Danish) ones, whatever language the report is in.
        with translation.override(settings.LANGUAGE_CODE):
            urls = {
                "public": base + series.get_absolute_url(),
                "home": base + reverse("backoffice:home"),
                "admin": base + reverse("admin:index"),
            }
        self.stdout.write(_("Public page: %(url)s") % {"url": urls["public"]})
        self.stdout.write(_("Organiser start page: %(url)s") % {"url": urls["home"]})
        self.stdout.write(_("Administration (superusers only): %(url)s") % {"url": urls["admin"]})
        labels = {
            demo.ORGANISER_USERNAME: _("Organiser"),
            demo.ADMIN_USERNAME: _("Administrator"),
        }
        for account in accounts:
            label = labels[account.username]
            if account.password:
                self.stdout.write(
                    self.style.WARNING(
                        _(
                            "%(label)s: username %(username)s, password %(password)s "
                            "(shown only this once)"
                        )
                        % {
                            "label": label,
                            "username": account.username,
                            "password": account.password,
                        }
                    )
                )
            elif account.from_file:
                self.stdout.write(
                    _("%(label)s: username %(username)s, password from the file you gave")
                    % {"label": label, "username": account.username}
                )
            else:
                self.stdout.write(
                    _(
                        "%(label)s: username %(username)s, the password is unchanged (for a "
                        "new one: make demo-passwords, or tinget load_demo --reset-passwords)"
                    )
                    % {"label": label, "username": account.username}
                )
