from django.conf import settings


def site(request):
    """What every page's frame shows: absolute links, and the footer's contact for the site."""
    return {
        "base_url": settings.TINGET_BASE_URL,
        "site_contact_email": settings.TINGET_CONTACT_EMAIL,
        "site_contact_phone": settings.TINGET_CONTACT_PHONE,
    }
