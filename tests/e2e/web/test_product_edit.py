"""Editing a product in the console over HTTP: the form the page shows is the form it saves, in one transaction."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from shoal.catalog import service as catalog
from shoal.catalog import service_variants as variants
from shoal.catalog.schemas import ChannelPricesIn, ProductCreate, ProductRead
from shoal.config import Settings
from tests.conftest import new_tenant, staff_actor
from tests.e2e.web.conftest import sign_in

HTMX = {"HX-Request": "true", "Accept-Language": "en"}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Uploaded images go to the test's folder, not to the checkout's ./var/media."""
    return Settings(database_url=database_url, run_scheduler=False, media_dir=str(tmp_path / "media"))


class _FormReader(HTMLParser):
    """The fields a browser would submit from the page: inputs, textareas and selected options."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") != "file" and "name" in a:
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields.append((a["name"], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.fields.pop()
            self.fields.append((name, text + data))


async def _page_form(web: httpx.AsyncClient, product_id: str) -> dict[str, Any]:
    page = await web.get(f"/console/products/{product_id}/edit", headers={"Accept-Language": "en"})
    assert page.status_code == 200, page.text
    return _fields(page.text)


def _fields(html: str) -> dict[str, Any]:
    reader = _FormReader()
    reader.feed(html)
    form: dict[str, Any] = {}
    for name, value in reader.fields:
        if name in form:
            form[name] = [*(form[name] if isinstance(form[name], list) else [form[name]]), value]
        else:
            form[name] = value
    return form


async def _with_values(web: httpx.AsyncClient, product_id: str, form: dict[str, Any], values: str) -> dict[str, Any]:
    """The form after the first dimension's values are changed and the page redrew its grid (as HTMX does)."""
    form = {**form, "dims.0.values": values}
    grid = await web.post(f"/console/products/{product_id}/grid", data=form, headers=HTMX)
    assert grid.status_code == 200, grid.text
    return form | _fields(grid.text)


async def _tea(db, tenant) -> ProductRead:  # type: ignore[no-untyped-def]
    uow = lambda: db.uow(tenant_id=tenant.id, actor=staff_actor())  # noqa: E731
    product = await catalog.create_product(
        uow(),
        data=ProductCreate(
            name="龙井",
            translations={"en": {"name": "Longjing"}},
            options=[{"name": "Colour", "values": ["Red", "Blue"]}],
            variants=[
                {"sku": "TEA-R", "options": ["Red"], "price": 1990},
                {"sku": "TEA-B", "options": ["Blue"], "price": 2990, "compare_at_price": 3990},
            ],
        ),
    )
    await variants.set_channel_prices(
        uow(), variant_id=product.variants[0].id, data=ChannelPricesIn(prices=[{"channel": "online", "price": 1800}])
    )
    return await _read(db, tenant, product.id)


async def _sign_in(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    """Signed in as the shop's owner, pages in English (messages below are matched in English)."""
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert (await web.post("/console/locale", data={"locale": "en"}, headers=HTMX)).status_code < 400


async def _read(db, tenant, product_id: str) -> ProductRead:  # type: ignore[no-untyped-def]
    return await catalog.get_product(db.uow(tenant_id=tenant.id, actor=staff_actor()), product_id=product_id)


async def test_the_edit_page_is_filled_from_the_product(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    tea = await _tea(db, tenant)
    await _sign_in(web, tenant)
    detail = await web.get(f"/console/products/{tea.id}")
    assert f'href="/console/products/{tea.id}/edit"' in detail.text
    form = await _page_form(web, tea.id)
    red, blue = tea.variants
    assert form["name"] == "龙井" and form["name_en"] == "Longjing" and form["status"] == "draft"
    assert form[f"variants.{red.id}.price"] == "19.90" and form[f"variants.{red.id}.compare_at_price"] == ""
    assert form[f"variants.{blue.id}.compare_at_price"] == "39.90"
    assert form[f"variants.{red.id}.prices.0.channel"] == "online"
    assert form[f"variants.{red.id}.prices.0.price"] == "18.00"
    assert form["dims.0.name"] == "Colour" and form["dims.0.values"] == "Red, Blue"
    assert not any(name.startswith("variants.0.") for name in form)


async def test_edited_prices_names_and_channel_prices_are_saved_and_shown(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    tea = await _tea(db, tenant)
    red, blue = tea.variants
    await _sign_in(web, tenant)
    form = await _page_form(web, tea.id)
    form |= {
        "name": "西湖龙井",
        "name_en": "West Lake Longjing",
        f"variants.{red.id}.price": "21.50",
        f"variants.{red.id}.compare_at_price": "25.00",
        f"variants.{red.id}.prices.0.price": "17.50",
        f"variants.{blue.id}.prices.0.channel": "store:WH1",
        f"variants.{blue.id}.prices.0.customer_group": "vip",
        f"variants.{blue.id}.prices.0.price": "26",
    }
    response = await web.post(f"/console/products/{tea.id}", data=form, headers=HTMX)
    assert response.status_code == 200, response.text
    assert response.headers["hx-redirect"] == f"/console/products/{tea.id}"

    saved = await _read(db, tenant, tea.id)
    assert saved.name == "西湖龙井" and saved.translations["en"]["name"] == "West Lake Longjing"
    assert (saved.variants[0].price, saved.variants[0].compare_at_price) == (2150, 2500)
    assert [(p.channel, p.price) for p in saved.variants[0].channel_prices] == [("online", 1750)]
    assert [(p.channel, p.customer_group, p.price) for p in saved.variants[1].channel_prices] == [
        ("store:WH1", "vip", 2600)
    ]
    assert saved.variants[1].price == 2990 and saved.variants[1].compare_at_price == 3990
    detail = (await web.get(f"/console/products/{tea.id}")).text
    assert "West Lake Longjing" in detail and "¥21.50" in detail and "¥25.00" in detail  # the English console
    assert "Online shop: ¥17.50" in detail and "Store WH1 (VIP members): ¥26.00" in detail


async def test_a_variant_and_an_image_are_added(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    tea = await _tea(db, tenant)
    await _sign_in(web, tenant)
    form = await _with_values(web, tea.id, await _page_form(web, tea.id), "Red, Blue, Green")
    form |= {"variants.2.sku": "TEA-G", "variants.2.price": "9.90"}
    files = {"image": ("leaf.png", PNG, "image/png")}
    response = await web.post(f"/console/products/{tea.id}", data=form, files=files, headers=HTMX)
    assert response.headers.get("hx-redirect") == f"/console/products/{tea.id}", response.text

    saved = await _read(db, tenant, tea.id)
    assert [(v.sku, v.options, v.price) for v in saved.variants][-1] == ("TEA-G", ["Green"], 990)
    assert saved.options[0].values == ["Red", "Blue", "Green"]
    assert len(saved.images) == 1 and saved.images[0].url.startswith("/media/products/")
    detail = (await web.get(f"/console/products/{tea.id}")).text
    assert 'data-sku="TEA-G"' in detail and saved.images[0].url in detail


@pytest.mark.parametrize("bad", ["abc", "-5", "1.234"])
async def test_a_bad_price_is_refused_inline_and_nothing_is_saved(web: httpx.AsyncClient, db, tenant, bad: str) -> None:  # type: ignore[no-untyped-def]
    tea = await _tea(db, tenant)
    red = tea.variants[0]
    await _sign_in(web, tenant)
    form = await _page_form(web, tea.id)
    form |= {"name": "改名", f"variants.{red.id}.compare_at_price": "30", f"variants.{red.id}.price": bad}
    response = await web.post(f"/console/products/{tea.id}", data=form, headers=HTMX)
    assert response.status_code == 422
    assert "hx-redirect" not in response.headers
    assert f'data-error-for="variants.{red.id}.price">Enter a price such as 19.90.' in response.text
    assert f'name="variants.{red.id}.price" value="{bad}"' in response.text and 'value="改名"' in response.text
    assert await _read(db, tenant, tea.id) == tea


async def test_a_step_that_fails_late_rolls_back_the_earlier_ones(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    tea = await _tea(db, tenant)
    await catalog.create_product(
        db.uow(tenant_id=tenant.id, actor=staff_actor()),
        data=ProductCreate(name="碧螺春", variants=[{"sku": "TAKEN", "price": 100}]),
    )
    await _sign_in(web, tenant)
    form = await _page_form(web, tea.id)
    # The name and the price pass every check the form can make; only the service sees the SKU is taken.
    form |= {"name": "改名", f"variants.{tea.variants[0].id}.price": "1.00"}
    form = await _with_values(web, tea.id, form, "Red, Blue, Green")
    form |= {"variants.2.sku": "TAKEN", "variants.2.price": "9.90"}
    response = await web.post(f"/console/products/{tea.id}", data=form, headers=HTMX)
    assert response.status_code == 422
    assert 'data-error-for="variants.2.sku"' in response.text and "TAKEN" in response.text
    assert await _read(db, tenant, tea.id) == tea


async def test_another_shops_product_cannot_be_edited(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    other = await new_tenant(db)
    theirs = await _tea(db, other)
    await _sign_in(web, tenant)
    assert (await web.get(f"/console/products/{theirs.id}/edit")).status_code == 404
    post = await web.post(f"/console/products/{theirs.id}", data={"name": "Mine now"}, headers=HTMX)
    # A refused HTMX post shows its message in the page's flash area (see shoal.web.route).
    assert post.headers.get("hx-retarget") == "#flash" and "hx-redirect" not in post.headers
    assert (await _read(db, other, theirs.id)).name == "龙井"


async def test_the_new_product_form_still_creates_with_the_shared_fields(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    """Creating shares the category, image and amount handling with editing: check it was not broken."""
    await _sign_in(web, tenant)
    form = {"name": "白茶", "status": "draft", "category_ids": [""], "variants.0.sku": "WHITE", "variants.0.price": "8"}
    text_file = {"image": ("notes.txt", b"hello", "text/plain")}
    refused = await web.post("/console/products", data=form, files=text_file, headers=HTMX)
    assert refused.status_code == 422 and 'data-error-for="image"' in refused.text
    negative = await web.post("/console/products", data={**form, "variants.0.price": "-8"}, headers=HTMX)
    assert (
        negative.status_code == 422
        and 'data-error-for="variants.0.price">Enter a price such as 19.90.' in negative.text
    )
    created = await web.post("/console/products", data=form, files={"image": ("a.png", PNG, "image/png")}, headers=HTMX)
    location = created.headers.get("hx-redirect", "")
    assert location.startswith("/console/products/"), created.text
    saved = await _read(db, tenant, location.rsplit("/", 1)[1])
    assert (saved.name, saved.category_ids, saved.variants[0].price, len(saved.images)) == ("白茶", [], 800, 1)


async def test_a_two_by_two_product_gains_a_colour_and_keeps_its_variants(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    uow = db.uow(tenant_id=tenant.id, actor=staff_actor())
    shirt = await catalog.create_product(
        uow,
        data=ProductCreate(
            name="T恤",
            options=[{"name": "颜色", "values": ["红", "蓝"]}, {"name": "尺码", "values": ["S", "M"]}],
            variants=[
                {"sku": f"T-{c}-{s}", "options": [colour, s], "price": 5900}
                for c, colour in (("R", "红"), ("B", "蓝"))
                for s in ("S", "M")
            ],
        ),
    )
    await _sign_in(web, tenant)
    form = await _with_values(web, shirt.id, await _page_form(web, shirt.id), "红, 蓝, 绿")
    assert form["variants.4.options"] == '["绿", "S"]' and form["variants.5.options"] == '["绿", "M"]'
    unfilled = await web.post(f"/console/products/{shirt.id}", data=form, headers=HTMX)
    assert unfilled.status_code == 422 and 'data-error-for="variants.4.sku"' in unfilled.text

    form |= {"variants.4.sku": "T-G-S", "variants.4.price": "59", "variants.5.sku": "T-G-M", "variants.5.price": "59"}
    form |= {f"variants.{shirt.variants[0].id}.price": "49.00"}
    response = await web.post(f"/console/products/{shirt.id}", data=form, headers=HTMX)
    assert response.headers.get("hx-redirect") == f"/console/products/{shirt.id}", response.text

    saved = await _read(db, tenant, shirt.id)
    assert len(saved.variants) == 6
    assert [(v.id, v.sku) for v in saved.variants[:4]] == [(v.id, v.sku) for v in shirt.variants]
    assert saved.variants[0].price == 4900
    assert [(v.sku, v.options, v.price) for v in saved.variants[4:]] == [
        ("T-G-S", ["绿", "S"], 5900),
        ("T-G-M", ["绿", "M"], 5900),
    ]
    assert saved.options[0].values == ["红", "蓝", "绿"] and saved.options[1].values == ["S", "M"]


async def test_a_new_dimension_is_refused_inline(web: httpx.AsyncClient, db, tenant) -> None:  # type: ignore[no-untyped-def]
    tea = await _tea(db, tenant)
    await _sign_in(web, tenant)
    form = await _page_form(web, tea.id) | {"dims.1.name": "Size", "dims.1.values": "S, M"}
    response = await web.post(f"/console/products/{tea.id}", data=form, headers=HTMX)
    assert response.status_code == 422
    assert 'data-error-for="dims.1.name">A dimension cannot be added to a product that has variants.' in response.text
    assert await _read(db, tenant, tea.id) == tea
