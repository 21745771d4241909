"""The NinjaAPI instance: routers, security, and errors as problem details."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import organiser, public, widget
from .paging import BadCursor
from .problems import CONTENT_TYPE, problem


class TingetAPI(NinjaAPI):
    """NinjaAPI whose document says what the API sends: errors as application/problem+json."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
        return schema


api = TingetAPI(
    title="Tinget API",
    version="1",
    description=(
        "Public programme data without a key; registrations and attendance for partner "
        "organisations with an API token (`Authorization: Bearer …`). Errors are RFC 9457 "
        "problem details in the language of `Accept-Language` (Danish or English)."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
api.add_router("/", public.router)
api.add_router("/organiser", organiser.router)
api.add_router("/widget", widget.router)


def _location(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    # ("query", "filters", "limit") -> "limit": clients know the parameter, not our names.
    return loc[-1] if loc else ""


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind.endswith("_parsing") or kind.endswith("_type"):
        return _("This value has the wrong type.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("This value is out of range.")
    if kind in ("string_too_long", "string_too_short", "too_long", "too_short"):
        return _("This value has the wrong length.")
    return _("This value is not valid.")


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = [{"field": _location(e), "message": _message(e)} for e in exc.errors]
    return problem(422, _("Some fields are not filled in correctly."), errors=errors)


@api.exception_handler(BadCursor)
def bad_cursor(request, exc):
    return problem(400, str(exc))


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    response = problem(401)
    response["WWW-Authenticate"] = 'Bearer realm="tinget"'
    return response


@api.exception_handler(organiser.RateLimited)
def rate_limited(request, exc):
    response = problem(429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    return problem(exc.status_code)
