"""Jinja2 rendering: one environment per locale (each with its Babel catalog), shared filters.

Pages render whole documents; HTMX requests that target a fragment render the same template's block,
so there is one template per page and no duplicated markup.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from shoal.core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, pick
from shoal.core.media import MEDIA_URL, is_safe_image_url
from shoal.core.money import format_amount
from shoal.web.i18n import translations
from shoal.web.rich_text import rich_text
from shoal.web.storefront.regions import region_choice

TEMPLATE_DIR = Path(__file__).parent / "templates"
CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "JPY": "¥"}


def money(amount: int | None, currency: str = "CNY") -> str:
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}{CURRENCY_SIGNS.get(currency, currency + ' ')}{format_amount(abs(amount), currency)}"


def image_src(url: str | None) -> str:
    """A picture address safe in ``src``/``href``, else nothing. Addresses are checked when written, but a
    page must not trust what an older version or another writer stored (a ``javascript:`` link)."""
    return url if url and is_safe_image_url(url) else ""


def upload_src(url: str | None) -> str:
    """Only an upload of this site (``/media/...``): what shoppers send is never fetched from elsewhere."""
    return url if url and is_safe_image_url(url) and url.startswith(MEDIA_URL + "/") else ""


def local_time(value: datetime | None, timezone: str = "Asia/Shanghai") -> str:
    if value is None:
        return "—"
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


@cache
def environment(locale: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["money"] = money
    env.filters["local_time"] = local_time
    env.filters["image_src"] = image_src
    env.filters["upload_src"] = upload_src
    env.filters["rich_text"] = rich_text
    env.globals["region_choice"] = region_choice
    env.globals["pick"] = lambda texts, default="": pick(texts, locale) if texts else default
    env.globals["locales"] = SUPPORTED_LOCALES
    # Form macros as a global, so a block rendered alone for HTMX (without the page's imports) has them.
    env.globals["ui"] = env.get_template("macros.html").make_module()
    return env


def request_locale(request: Request) -> str:
    """The locale chosen for this request by its context dependency (or the default)."""
    return getattr(request.state, "locale", DEFAULT_LOCALE)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    block: str | None = None,
) -> HTMLResponse:
    """Render ``template`` (or only its ``block`` for an HTMX fragment) in the request's locale."""
    locale = request_locale(request)
    page = environment(locale).get_template(template)
    values = {"request": request, "locale": locale, "path": request.url.path, **(context or {})}
    html = "".join(page.blocks[block](page.new_context(values))) if block else page.render(values)
    return HTMLResponse(html, status_code=status, headers=headers)
