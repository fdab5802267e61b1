"""The cookies the pages keep: staff tokens, shopper tokens, the shopper's cart and language.

Tokens live in HttpOnly, SameSite=Lax cookies, so page scripts never see them and other sites cannot
send them with a form post; every POST must also carry HTMX's ``HX-Request`` header (see ``route.py``).
"""

from __future__ import annotations

from fastapi import Request, Response

STAFF_ACCESS = "shoal_staff"
STAFF_REFRESH = "shoal_staff_refresh"
SHOPPER_ACCESS = "shoal_shopper"
SHOPPER_REFRESH = "shoal_shopper_refresh"
CART = "shoal_cart"
LOCALE = "shoal_locale"
VISITOR = "shoal_visitor"  # a browser that followed share links (path "/": /s/ and /shop/ both see it)
CONSOLE_PATH = "/console"
YEAR = 365 * 24 * 3600


def shop_path(slug: str) -> str:
    """Shopper cookies are scoped to their shop, so two shops in one browser never mix carts or sign-ins."""
    return f"/shop/{slug}"


def put(request: Request, response: Response, name: str, value: str, *, path: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def drop(response: Response, name: str, *, path: str) -> None:
    response.delete_cookie(name, path=path)
