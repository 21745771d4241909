"""Organiser screens for a session's programme: items in order with clock time, title and
Markdown description; the speakers on each item (a known person found by search-as-you-type,
or a new one with bio and photo); materials (links and uploads checked by validate_upload).

Everything works without JavaScript: the search is a submit button that lists matches as
radio buttons, and editor.js only makes the same search answer while typing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinget.programme import services
from tinget.programme.markdown import render_markdown
from tinget.programme.models import Appearance, Material, Membership, Person, ProgrammeItem
from tinget.programme.permissions import can_edit_person, can_edit_series, series_for_user

from ..forms_editor import AppearanceForm, ItemForm, MaterialForm, PersonForm, SpeakerPartForm
from .common import organiser_view
from .series_editor import _form_errors
from .session_editor import _session

SEARCH_LIMIT = 10


def _item(request, pk: int) -> ProgrammeItem:
    item = get_object_or_404(
        ProgrammeItem.objects.select_related("session__series").filter(
            session__series__in=series_for_user(request.user)
        ),
        pk=pk,
    )
    if not can_edit_series(request.user, item.session.series):
        raise PermissionDenied
    return item


def _programme_url(session) -> str:
    return reverse("backoffice:programme", kwargs={"pk": session.pk})


def _preview(request, form) -> str:
    if form.is_bound and "preview" in request.POST:
        return render_markdown(form.data.get("description", ""))
    return ""


@organiser_view
def programme(request, pk):
    """The programme in order, with the form for a new item at the end."""
    session = _session(request, pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            services.save_item(user=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The item is added to the programme."))
            return redirect(_programme_url(session) + "#new-item-heading")
    items = session.items.prefetch_related("appearances__person", "materials")
    return render(
        request,
        "backoffice/editor/programme.html",
        {
            "session": session,
            "series": session.series,
            "items": [(item, render_markdown(item.description)) for item in items],
            "form": form,
            "description_preview": _preview(request, form),
            "showing_preview": "preview" in request.POST,
            "can_see_people": True,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@organiser_view
def item_edit(request, pk):
    item = _item(request, pk)
    session = item.session
    initial = {"time": item.time, "title": item.title, "description": item.description}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            services.save_item(user=request.user, session=session, item=item, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(_programme_url(session) + f"#item-{item.pk}")
    return render(
        request,
        "backoffice/editor/item_form.html",
        {
            "item": item,
            "session": session,
            "series": session.series,
            "form": form,
            "description_preview": _preview(request, form),
            "showing_preview": "preview" in request.POST,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@organiser_view
@require_POST
def item_move(request, pk):
    item = _item(request, pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.move_item(user=request.user, item=item, direction=direction)
    messages.success(
        request,
        (_("“%(title)s” is moved up.") if direction < 0 else _("“%(title)s” is moved down."))
        % {"title": item.title},
    )
    return redirect(_programme_url(item.session) + f"#item-{item.pk}")


@organiser_view
@require_POST
def item_delete(request, pk):
    item = _item(request, pk)
    services.delete_item(user=request.user, item=item)
    messages.success(
        request, _("“%(title)s” is removed from the programme.") % {"title": item.title}
    )
    return redirect(_programme_url(item.session))


def _matches(query: str):
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    return list(
        Person.objects.filter(name__icontains=query)
        .select_related("organisation")
        .order_by("name")[:SEARCH_LIMIT]
    )


def _may_search(user) -> bool:
    return user.is_superuser or user.memberships.filter(role=Membership.Role.EDITOR).exists()


@organiser_view
def person_search(request):
    """Known people whose name contains ``q`` (JSON for editor.js); editors only."""
    if not _may_search(request.user):
        raise PermissionDenied
    people = _matches(request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": person.pk,
                    "name": person.name,
                    "role": person.role,
                    "organisation": person.organisation.name if person.organisation else "",
                }
                for person in people
            ]
        }
    )


@organiser_view
def speaker_add(request, pk):
    item = _item(request, pk)
    session = item.session
    form = AppearanceForm(request.POST or None, request.FILES or None)
    matches = []
    searching = request.method == "POST" and "search" in request.POST
    if searching:
        matches = _matches(request.POST.get("name", ""))
        # A search is no attempt to save: show the form again without errors.
        form = AppearanceForm(initial=request.POST.dict())
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data.get("person"):
            person = Person.objects.filter(pk=data["person"]).first()
            if person is None:
                form.add_error("name", _("Choose the person again: that one no longer exists."))
        if not form.errors:
            try:
                services.add_speaker(
                    user=request.user,
                    item=item,
                    person=person,
                    name=data.get("name", ""),
                    part=data["part"],
                    role=data.get("role", ""),
                    organisation=data.get("organisation", ""),
                    bio=data.get("bio", ""),
                    photo=data.get("photo"),
                    photo_alt=data.get("photo_alt", ""),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request, _("The speaker is added to “%(title)s”.") % {"title": item.title}
                )
                return redirect(_programme_url(session) + f"#item-{item.pk}")
    return render(
        request,
        "backoffice/editor/speaker_form.html",
        {
            "item": item,
            "session": session,
            "series": session.series,
            "form": form,
            "matches": matches,
            "searching": searching,
        },
        status=400 if form.is_bound and form.errors and not searching else 200,
    )


def _appearance(request, pk: int) -> Appearance:
    appearance = get_object_or_404(
        Appearance.objects.select_related("item__session__series", "person").filter(
            item__session__series__in=series_for_user(request.user)
        ),
        pk=pk,
    )
    if not can_edit_series(request.user, appearance.item.session.series):
        raise PermissionDenied
    return appearance


@organiser_view
def speaker_edit(request, pk):
    """The part and what is printed for this talk (role, organisation)."""
    appearance = _appearance(request, pk)
    item = appearance.item
    initial = {
        "part": appearance.part,
        "role": appearance.role,
        "organisation": appearance.organisation_label,
    }
    form = SpeakerPartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_speaker(user=request.user, appearance=appearance, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": appearance.person.name})
            return redirect(_programme_url(item.session) + f"#item-{item.pk}")
    return render(
        request,
        "backoffice/editor/speaker_edit.html",
        {
            "appearance": appearance,
            "item": item,
            "session": item.session,
            "series": item.session.series,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@organiser_view
@require_POST
def speaker_move(request, pk):
    """One place up or down among the item's speakers (buttons that work without a mouse)."""
    appearance = _appearance(request, pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.move_speaker(user=request.user, appearance=appearance, direction=direction)
    name = appearance.person.name
    messages.success(
        request,
        (_("%(name)s is moved up.") if direction < 0 else _("%(name)s is moved down."))
        % {"name": name},
    )
    return redirect(_programme_url(appearance.item.session) + f"#appearance-{appearance.pk}")


@organiser_view
@require_POST
def speaker_remove(request, pk):
    appearance = _appearance(request, pk)
    services.remove_speaker(user=request.user, appearance=appearance)
    messages.success(
        request,
        _("%(name)s is taken off “%(title)s”.")
        % {"name": appearance.person.name, "title": appearance.item.title},
    )
    return redirect(_programme_url(appearance.item.session) + f"#item-{appearance.item_id}")


def _material_fields(session, data) -> dict:
    """The material form's cleaned data as keyword arguments for add/update_material."""
    item = session.items.filter(pk=data["item"]).first() if data.get("item") else None
    return {
        "kind": data["kind"],
        "title": data["title"],
        "url": data.get("url") or "",
        "file": data.get("file"),
        "item": item,
    }


@organiser_view
def materials(request, pk):
    session = _session(request, pk)
    form = MaterialForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_material(
                user=request.user, session=session, **_material_fields(session, data)
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is added.") % {"title": data["title"]})
            return redirect(reverse("backoffice:materials", kwargs={"pk": session.pk}))
    return render(
        request,
        "backoffice/editor/materials.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "materials": Material.objects.filter(session=session).select_related("item"),
            "can_see_people": True,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _material(request, pk: int) -> Material:
    material = get_object_or_404(
        Material.objects.select_related("session__series", "item").filter(
            session__series__in=series_for_user(request.user)
        ),
        pk=pk,
    )
    if not can_edit_series(request.user, material.session.series):
        raise PermissionDenied
    return material


@organiser_view
def material_edit(request, pk):
    """Change a material: kind, title, the item it belongs to, and its link or file."""
    material = _material(request, pk)
    session = material.session
    initial = {
        "kind": material.kind,
        "title": material.title,
        "url": material.url,
        "item": material.item_id or "",
    }
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        session=session,
        material=material,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_material(
                user=request.user, material=material, **_material_fields(session, data)
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": data["title"]})
            return redirect(
                reverse("backoffice:materials", kwargs={"pk": session.pk})
                + f"#material-{material.pk}"
            )
    return render(
        request,
        "backoffice/editor/material_form.html",
        {
            "material": Material.objects.get(pk=material.pk),
            "session": session,
            "series": session.series,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@organiser_view
@require_POST
def material_delete(request, pk):
    material = _material(request, pk)
    services.delete_material(user=request.user, material=material)
    messages.success(request, _("“%(title)s” is removed.") % {"title": material.title})
    return redirect(reverse("backoffice:materials", kwargs={"pk": material.session_id}))


@organiser_view
def person_edit(request, pk):
    """A person's own record, for an editor of every series that shows them."""
    if not _may_search(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    allowed = can_edit_person(request.user, person)
    initial = {
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation.name if person.organisation else "",
        "bio": person.bio,
        "photo_alt": person.photo_alt,
    }
    form = PersonForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_person(
                user=request.user,
                person=Person.objects.get(pk=person.pk),
                name=data["name"],
                role=data.get("role", ""),
                organisation=data.get("organisation", ""),
                bio=data.get("bio", ""),
                photo=data.get("photo"),
                photo_alt=data.get("photo_alt", ""),
                remove_photo=data.get("remove_photo", False),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.NotAllowed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": data["name"]})
            back = request.POST.get("next", "")
            if back.startswith("/arrangoer/") or back.startswith("/en/arrangoer/"):
                return redirect(back)
            return redirect(reverse("backoffice:person_edit", kwargs={"pk": person.pk}))
    return render(
        request,
        "backoffice/editor/person_form.html",
        {
            "person": person,
            "form": form,
            "allowed": allowed,
            "next": request.GET.get("next", request.POST.get("next", "")),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
