from django.conf import settings


def site(request):
    return {"base_url": settings.TINGET_BASE_URL}
