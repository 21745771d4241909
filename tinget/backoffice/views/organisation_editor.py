"""Organiser screen for a partner organisation's public face: its website and its logo with
the logo's text, shown in the header of the series it is a partner of.

An organiser opens the organisations partnering in the series they can open; they may change
one when `can_edit_organisation` allows (every series showing it is theirs to edit), and are
told who can otherwise. The upload goes through `validate_image` (an image by its content,
PNG, JPEG or WebP, at most 5 MB) in `programme.services.update_organisation`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tinget.programme import services
from tinget.programme.models import Organisation
from tinget.programme.permissions import can_edit_organisation, series_for_user

from ..forms_editor import OrganisationForm
from .common import organiser_view
from .series_editor import _form_errors


def _organisation(request, pk: int) -> Organisation:
    """A partner of a series the user may open (any organisation for a superuser); else 404."""
    organisations = Organisation.objects.select_related("municipality")
    if not request.user.is_superuser:
        organisations = organisations.filter(
            series__in=series_for_user(request.user).values("pk")
        ).distinct()
    return get_object_or_404(organisations, pk=pk)


def _back(request) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    return back if back.startswith(("/arrangoer/", "/en/arrangoer/")) else ""


@organiser_view
def organisation_edit(request, pk):
    organisation = _organisation(request, pk)
    allowed = can_edit_organisation(request.user, organisation)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        has_logo=bool(organisation.logo),
        initial={"website": organisation.website, "logo_alt": organisation.logo_alt},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_organisation(
                user=request.user,
                organisation=Organisation.objects.get(pk=organisation.pk),
                website=data.get("website") or "",
                logo=data.get("logo"),
                logo_alt=data.get("logo_alt") or "",
                remove_logo=data.get("remove_logo", False),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.NotAllowed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": organisation.name})
            return redirect(
                _back(request)
                or reverse("backoffice:organisation_edit", kwargs={"pk": organisation.pk})
            )
    return render(
        request,
        "backoffice/editor/organisation_form.html",
        {
            "organisation": organisation,
            "form": form,
            "allowed": allowed,
            "next": _back(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
