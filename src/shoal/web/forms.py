"""Form handling shared by console and storefront: turn domain problems into inline field errors.

A form that fails re-renders with ``values`` (what the user typed) and ``errors`` (field -> message),
whether the problem came from the input model (pydantic) or from the service (``ValidationFailed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from shoal.core.errors import ShoalError, ValidationFailed
from shoal.core.schemas import NOT_NULLABLE, field_error_code
from shoal.web.i18n import translations
from shoal.web.templating import request_locale

M = TypeVar("M", bound=BaseModel)
FORM_ERROR = "__form__"


def _pydantic_messages(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "missing": gettext("This field is required."),
        "string_too_short": gettext("Too short: at least %(min_length)s characters."),
        "string_too_long": gettext("Too long: at most %(max_length)s characters."),
        "string_pattern_mismatch": gettext("This does not have the expected format."),
        "int_parsing": gettext("Enter a whole number."),
        "int_from_float": gettext("Enter a whole number."),
        "greater_than_equal": gettext("Must be at least %(ge)s."),
        "greater_than": gettext("Must be more than %(gt)s."),
        "less_than_equal": gettext("Must be at most %(le)s."),
        "literal_error": gettext("Choose one of the offered values."),
        "too_short": gettext("Add at least %(min_length)s."),
        "value_error": gettext("This value is not valid."),
        NOT_NULLABLE: gettext("This field cannot be empty."),
    }


def _message(error: dict[str, Any], messages: dict[str, str]) -> str:
    template = messages.get(field_error_code(error))
    if template is None:
        return str(error.get("msg", ""))
    try:
        return template % (error.get("ctx") or {})
    except (KeyError, TypeError, ValueError):
        return template


def errors_of(request: Request, exc: ValidationError | ShoalError) -> dict[str, str]:
    """Field name (dotted path, as the form names its inputs) -> a message in the request's locale."""
    locale = request_locale(request)
    if isinstance(exc, ValidationError):
        messages = _pydantic_messages(translations(locale).gettext)
        found: dict[str, str] = {}
        for error in exc.errors():
            field = ".".join(str(part) for part in error.get("loc", ())) or FORM_ERROR
            found.setdefault(field, _message(dict(error), messages))
        return found
    if isinstance(exc, ValidationFailed):
        return {str(e.get("field") or FORM_ERROR): str(e.get("message", "")) for e in exc.params.get("errors", [])}
    return {FORM_ERROR: exc.render(locale)}


def parse(model: type[M], data: dict[str, Any]) -> M:
    """Build an input model from form data; raises ``ValidationError`` with field paths the form uses."""
    return model.model_validate(data)


def blank_to_none(values: dict[str, Any]) -> dict[str, Any]:
    """HTML forms send empty strings for untouched optional fields; the schemas expect them absent."""
    return {key: value for key, value in values.items() if value not in ("", None)}


def place_errors(errors: dict[str, str], fields: set[str]) -> dict[str, str]:
    """Errors about fields the form does not show go to the form's top alert, so none is lost."""
    placed = {key: message for key, message in errors.items() if key in fields}
    stray = [
        f"{key}: {message}" if key != FORM_ERROR else message for key, message in errors.items() if key not in fields
    ]
    if stray:
        placed[FORM_ERROR] = " ".join(stray)
    return placed
