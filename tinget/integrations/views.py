"""Organiser screens for a partner organisation's webhooks and Microsoft Teams connection,
under /arrangoer/integrationer/. Editors of the organisation only (superusers: all): anyone
else gets 404 for another organisation's settings, as for series they may not open."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinget.backoffice.views.common import organiser_view
from tinget.programme.permissions import organisations_for_integrations

from . import services
from .forms import GraphConnectionForm, WebhookEndpointForm
from .models import GraphConnection, TeamsMeeting, WebhookDelivery, WebhookEndpoint

LOG_PAGE_SIZE = 50
# The secret of a new endpoint is shown once, on the page the creation redirects to.
SHOW_ONCE_KEY = "tinget_show_once"


def _endpoint(request, pk: int) -> WebhookEndpoint:
    return get_object_or_404(
        WebhookEndpoint.objects.select_related("organisation").filter(
            organisation__in=organisations_for_integrations(request.user)
        ),
        pk=pk,
    )


@organiser_view
def index(request):
    organisations = organisations_for_integrations(request.user).prefetch_related(
        "webhook_endpoints"
    )
    connections = {
        connection.organisation_id: connection
        for connection in GraphConnection.objects.filter(organisation__in=organisations)
    }
    for connection in connections.values():
        latest = (
            TeamsMeeting.objects.filter(connection=connection)
            .exclude(last_error="")
            .order_by("-updated_at")
            .values_list("last_error", flat=True)
            .first()
        )
        connection.meeting_errors = latest or ""
    rows = [
        {
            "organisation": organisation,
            "endpoints": list(organisation.webhook_endpoints.all()),
            "graph": connections.get(organisation.pk),
        }
        for organisation in organisations
    ]
    return render(request, "integrations/index.html", {"rows": rows})


@organiser_view
def webhook_create(request):
    organisations = organisations_for_integrations(request.user)
    if not organisations.exists():
        return render(request, "backoffice/forbidden.html", status=403)
    initial = {}
    if wanted := request.GET.get("organisation", ""):
        initial["organisation"] = wanted
    form = WebhookEndpointForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        endpoint = services.create_webhook_endpoint(
            user=request.user,
            organisation=data["organisation"],
            url=data["url"],
            event_types=data["event_types"],
            description=data["description"],
        )
        request.session[SHOW_ONCE_KEY] = [endpoint.pk, endpoint.secret]
        messages.success(request, _("The webhook is created and enabled."))
        return redirect("integrations:webhook", pk=endpoint.pk)
    return render(request, "integrations/webhook_form.html", {"form": form})


def _shown_secret(request, endpoint) -> str:
    stored = request.session.pop(SHOW_ONCE_KEY, None)
    if stored and stored[0] == endpoint.pk:
        return stored[1]
    return ""


@organiser_view
def webhook_detail(request, pk):
    endpoint = _endpoint(request, pk)
    organisations = organisations_for_integrations(request.user).filter(pk=endpoint.organisation_id)
    initial = {
        "organisation": endpoint.organisation_id,
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
    }
    form = WebhookEndpointForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_webhook_endpoint(
            user=request.user,
            endpoint=endpoint,
            url=data["url"],
            event_types=data["event_types"],
            description=data["description"],
        )
        messages.success(request, _("The changes are saved."))
        return redirect("integrations:webhook", pk=endpoint.pk)
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-id")
    page = Paginator(deliveries, LOG_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "integrations/webhook_detail.html",
        {
            "endpoint": endpoint,
            "form": form,
            "page": page,
            "new_secret": _shown_secret(request, endpoint),
            "failed": deliveries.filter(status=WebhookDelivery.Status.FAILED).count(),
        },
    )


@organiser_view
@require_POST
def webhook_toggle(request, pk):
    endpoint = _endpoint(request, pk)
    active = not endpoint.is_active
    services.set_webhook_endpoint_active(user=request.user, endpoint=endpoint, active=active)
    if active:
        messages.success(request, _("The webhook is enabled."))
    else:
        messages.success(request, _("The webhook is disabled: it gets no messages."))
    return redirect("integrations:webhook", pk=endpoint.pk)


@organiser_view
@require_POST
def webhook_rotate(request, pk):
    endpoint = _endpoint(request, pk)
    services.rotate_webhook_secret(user=request.user, endpoint=endpoint)
    request.session[SHOW_ONCE_KEY] = [endpoint.pk, endpoint.secret]
    messages.success(request, _("A new secret is made. The old one no longer works."))
    return redirect("integrations:webhook", pk=endpoint.pk)


@organiser_view
@require_POST
def webhook_test(request, pk):
    endpoint = _endpoint(request, pk)
    if endpoint.is_active:
        services.send_webhook_test(user=request.user, endpoint=endpoint)
        messages.success(request, _("A test message is on its way: see the deliveries below."))
    else:
        messages.error(request, _("Enable the webhook first: a disabled webhook gets nothing."))
    return redirect("integrations:webhook", pk=endpoint.pk)


@organiser_view
@require_POST
def webhook_delete(request, pk):
    endpoint = _endpoint(request, pk)
    services.delete_webhook_endpoint(user=request.user, endpoint=endpoint)
    messages.success(request, _("The webhook is deleted."))
    return redirect("integrations:index")


@organiser_view
def graph_connection(request, organisation_pk):
    organisation = get_object_or_404(
        organisations_for_integrations(request.user), pk=organisation_pk
    )
    connection = GraphConnection.objects.filter(organisation=organisation).first()
    initial = {}
    if connection is not None:
        initial = {
            "tenant_id": connection.tenant_id,
            "client_id": connection.client_id,
            "credential_kind": connection.credential_kind,
            "organiser_user": connection.organiser_user,
        }
    form = GraphConnectionForm(
        request.POST or None, initial=initial, has_credential=connection is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.connect_graph(
            user=request.user,
            organisation=organisation,
            tenant_id=data["tenant_id"].strip(),
            client_id=data["client_id"].strip(),
            credential_kind=data["credential_kind"],
            credential=data["credential"],
            organiser_user=data["organiser_user"].strip(),
        )
        messages.success(
            request,
            _("Microsoft Teams is connected. New Teams sessions get their meeting from now on."),
        )
        return redirect("integrations:index")
    return render(
        request,
        "integrations/graph_form.html",
        {"form": form, "organisation": organisation, "connection": connection},
    )


@organiser_view
@require_POST
def graph_disconnect(request, organisation_pk):
    organisation = get_object_or_404(
        organisations_for_integrations(request.user), pk=organisation_pk
    )
    connection = get_object_or_404(GraphConnection, organisation=organisation)
    services.disconnect_graph(user=request.user, connection=connection)
    messages.success(request, _("Microsoft Teams is disconnected."))
    return redirect("integrations:index")
