"""Organiser screens under /arrangoer/api/: API tokens per organisation, and the widget of a
series (its allowed websites and the two lines to paste). Same access rules as every
organiser screen: staff only, editors of the organisation or series, 404 for the rest."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinget.backoffice.views import organiser_view
from tinget.programme.permissions import can_edit_series, series_for_user

from . import selectors, services
from .forms import EmbedOriginsForm, TokenForm


@organiser_view
def tokens(request):
    organisations = selectors.editable_organisations(request.user)
    form = TokenForm(request.POST or None, organisations=organisations)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, secret = services.create_token(
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                actor=request.user,
            )
            created = {"token": token, "secret": secret}
            form = TokenForm(organisations=organisations)
            status = 201
        else:
            status = 400
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": selectors.tokens_for_user(request.user),
            "has_organisations": organisations.exists(),
            "api_base": settings.TINGET_BASE_URL + "/api/v1/",
            "docs_url": reverse("api_docs"),
        },
        status=status,
    )


@organiser_view
@require_POST
def revoke(request, pk):
    token = get_object_or_404(selectors.tokens_for_user(request.user), pk=pk)
    services.revoke_token(token_id=token.pk, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_screens:tokens")


def snippet(series) -> str:
    script = settings.TINGET_BASE_URL + static("tinget/widget.js")
    return (
        f'<script src="{script}" defer></script>\n'
        f'<tinget-programme series="{series.slug}"></tinget-programme>'
    )


@organiser_view
def widget(request, slug):
    series = get_object_or_404(series_for_user(request.user), slug=slug)
    if not can_edit_series(request.user, series):
        raise PermissionDenied
    initial = {"origins": "\n".join(selectors.embed_origins(series))}
    form = EmbedOriginsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_embed_origins(
            series=series, origins=form.cleaned_data["origins"], actor=request.user
        )
        messages.success(request, _("The websites are saved."))
        return redirect("api_screens:widget", slug=series.slug)
    return render(
        request,
        "api/widget.html",
        {
            "series": series,
            "form": form,
            "snippet": snippet(series),
            "origins": selectors.embed_origins(series),
        },
        status=400 if form.is_bound else 200,
    )
