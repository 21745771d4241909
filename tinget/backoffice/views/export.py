"""The registrant list as CSV and Excel, for the people who consented."""

from __future__ import annotations

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from tinget.audit import audit
from tinget.programme.models import Session

from .. import exports
from .common import _session, organiser_view


def _export_filename(session: Session, extension: str) -> str:
    day = timezone.localtime(session.starts_at).strftime("%Y-%m-%d")
    return f"tilmeldte-{session.series.slug}-{day}-{session.pk}.{extension}"


@organiser_view
def export_csv(request, pk):
    session = _session(request, pk, personal=True)
    count = exports.count_exportable(session)
    audit(
        "registrations.exported",
        actor=request.user,
        obj=session,
        series=session.series,
        people=count,
        detail={"format": "csv"},
    )
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in exports.csv_stream(session)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(session, "csv")}"'
    response["Cache-Control"] = "no-store"
    return response


@organiser_view
def export_xlsx(request, pk):
    session = _session(request, pk, personal=True)
    count = exports.count_exportable(session)
    audit(
        "registrations.exported",
        actor=request.user,
        obj=session,
        series=session.series,
        people=count,
        detail={"format": "xlsx"},
    )
    response = FileResponse(
        exports.xlsx_file(session),
        as_attachment=True,
        filename=_export_filename(session, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return response
