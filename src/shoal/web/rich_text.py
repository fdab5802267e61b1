"""Product descriptions as the merchant wrote them, safe to show: rich text through a sanitiser, plain text as
paragraphs.

A description may be HTML (an imported Shopify ``Body (HTML)``, a pasted 详情页) or plain text typed in the
console. HTML goes through ``nh3`` (the Rust ``ammonia`` sanitiser): only formatting tags survive, scripts,
styles and frames are dropped with their content, every ``on...`` handler and ``style`` goes, links keep only
http(s) and ``mailto`` and open nothing with the page's rights, and a picture keeps only an address the shop
would accept for a product image (``core.media``). Plain text keeps its line breaks.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

from shoal.core.media import is_safe_image_url

TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "small", "sub", "sup", "span", "div",
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption", "img", "a",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"},
              "th": {"colspan", "rowspan"}}  # fmt: skip
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if is_safe_image_url(value) else None
    return value


def rich_text(description: str | None) -> Markup:
    """The description as safe HTML: sanitised rich text, or plain text split into paragraphs."""
    text = (description or "").strip()
    if not text:
        return Markup("")
    if LOOKS_LIKE_HTML.search(text):
        return Markup(
            nh3.clean(
                text,
                tags=TAGS,
                clean_content_tags=DROPPED_WITH_CONTENT,
                attributes=ATTRIBUTES,
                attribute_filter=_keep_attribute,
                url_schemes={"http", "https", "mailto"},
                link_rel="noopener noreferrer nofollow",
            )
        )
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in part.splitlines()))
        for part in paragraphs
    )
