from django.shortcuts import get_object_or_404, render

from .models import SDG, Organisation, Person, Series, Session


def front_page(request):
    series = Series.objects.filter(status=Series.Status.PUBLISHED)
    return render(request, "programme/front.html", {"series_list": series})


def series_page(request, slug):
    series = get_object_or_404(Series, slug=slug, status=Series.Status.PUBLISHED)
    return render(request, "programme/series.html", {"series": series})


def session_page(request, slug, pk):
    session = get_object_or_404(
        Session, pk=pk, series__slug=slug, series__status=Series.Status.PUBLISHED
    )
    return render(request, "programme/session.html", {"session": session})


def person_page(request, slug):
    person = get_object_or_404(Person, slug=slug)
    return render(request, "programme/person.html", {"person": person})


def organisation_page(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "programme/organisation.html", {"organisation": organisation})


def sdg_page(request, number):
    sdg = get_object_or_404(SDG, number=number)
    return render(request, "programme/sdg.html", {"sdg": sdg})


def privacy_page(request):
    return render(request, "programme/privacy.html")


def accessibility_page(request):
    return render(request, "programme/accessibility.html")
