"""The series' extra sign-up questions, written by its editors from the back office. Each
write checks the acting user may edit the series and is audited; the signal in
``registrations.signals`` renews the cached series page (the form shows the questions)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tinget.audit import audit
from tinget.programme.models import Series

from ..models import SeriesQuestion
from .common import _require_editor


@transaction.atomic
def add_question(
    *, series: Series, label: str, kind: str, choices: str, required: bool, actor
) -> SeriesQuestion:
    """Add a question at the end of the form. A choice question needs two or more choices.
    Raises PermissionDenied, ValidationError."""
    _require_editor(actor, series)
    question = SeriesQuestion(
        series=series,
        label=" ".join(label.split()),
        kind=kind,
        choices=choices.strip() if kind == SeriesQuestion.Kind.CHOICE else "",
        required=required,
        order=(series.questions.aggregate(m=Max("order"))["m"] or 0) + 1,
    )
    if kind == SeriesQuestion.Kind.CHOICE and len(question.choice_list) < 2:
        raise ValidationError({"choices": _("Write two or more choices, one per line.")})
    question.full_clean()
    question.save()
    audit("question.created", actor=actor, obj=question, series=series)
    return question


@transaction.atomic
def delete_question(*, question: SeriesQuestion, actor) -> None:
    """Remove a question from the form; answers already given stay with their registrations
    (with the wording they were asked). Raises PermissionDenied."""
    _require_editor(actor, question.series)
    audit("question.deleted", actor=actor, obj=question, series=question.series)
    question.delete()
