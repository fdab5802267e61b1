"""The pages' Content-Security-Policy forbids inline script (``shoal.web.security_headers``): a template with
an inline ``<script>`` or an ``on...=`` handler would break in the browser, so it fails here first."""

from __future__ import annotations

import re

from shoal.web.templating import TEMPLATE_DIR, image_src, upload_src

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_handler() -> None:
    offenders = [
        str(path.relative_to(TEMPLATE_DIR))
        for path in TEMPLATE_DIR.rglob("*.html")
        if INLINE_SCRIPT.search(path.read_text()) or HANDLER.search(path.read_text())
    ]
    assert offenders == []


def test_only_safe_picture_addresses_reach_a_page() -> None:
    assert image_src("/media/p/cup.png") == "/media/p/cup.png"
    assert image_src("https://cdn.example/cup.png") == "https://cdn.example/cup.png"
    for unsafe in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//evil.example/x", "", None):
        assert image_src(unsafe) == ""
    assert upload_src("/media/t/after-sales/a.png") == "/media/t/after-sales/a.png"
    assert upload_src("https://tracker.example/pixel.png") == ""
    assert upload_src("/console/logout") == ""
