"""Locale negotiation for user-facing text. Shoal speaks zh-CN and en; zh-CN is the default."""

from __future__ import annotations

SUPPORTED_LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"


def negotiate_locale(accept_language: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Pick the best supported locale from an ``Accept-Language`` header (q-values honoured)."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return default


def pick(texts: dict[str, str], locale: str) -> str:
    """The text for ``locale``, falling back to zh-CN, then en, then any."""
    for key in (locale, "zh-CN", "en"):
        if texts.get(key):
            return texts[key]
    return next(iter(texts.values()), "")
