"""The delivery address form of checkout and the address book: a 省/市/区 picker and errors that speak to people.

The picker is three selects (province, city, district) filled from the national divisions shipped with the
package (``customers.regions``); choosing one level asks the server for the next (``GET .../regions``), so
there is no script and no list to keep in the page. The form posts codes; the names an address keeps are the
divisions' own, and the customers service checks the chain again before it writes.

At checkout the shopper picks a saved address (the default first) or types a new one, which is saved to their
address book before the order is placed, so it is offered next time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.customers import regions
from shoal.customers.errors import AddressBookFull, InvalidPhone, UnknownRegion
from shoal.customers.rules import normalise_phone
from shoal.customers.schemas import AddressCreate
from shoal.customers.service_addresses import add_address
from shoal.web.forms import FORM_ERROR, errors_of
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import ShopContext
from shoal.web.templating import render, request_locale

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
# What the form posts: the recipient, the three region codes (the district's is ``region_code``), the street.
POSTED = ("name", "phone", "province_code", "city_code", "region_code", "province", "city", "district", "line1")
# Where each field's error shows; a region problem shows under the picker.
SHOWN = ("name", "phone", "region", "line1")


NEW_ADDRESS = "new"


class DeliveryInvalid(Exception):
    """The delivery form is not complete: ``errors`` says, field by field, what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def place_of_form(form: Mapping[str, str]) -> regions.Place | None:
    """The chosen district: by the picker's code, or by the three names (a form filled by other means)."""
    place = regions.place_of(form.get("region_code", ""))
    if place is None and form.get("district"):
        found = regions.find(form.get("province", ""), form.get("city", ""), form.get("district", ""))
        place = found if isinstance(found, regions.Place) else None
    return place


def address_of(form: Mapping[str, str]) -> dict[str, str]:
    """The address to save from the posted form: the names are the chosen district's own."""
    place = place_of_form(form)
    region = (
        {"province": place.province.name, "city": place.city.name, "district": place.district.name,
         "region_code": place.district.code}
        if place
        else {"province": "", "city": "", "district": ""}
    )  # fmt: skip
    return {"name": form.get("name", "").strip(), "phone": form.get("phone", "").strip(), **region,
            "line1": form.get("line1", "").strip()}  # fmt: skip


def delivery_errors(form: Mapping[str, str], gettext: Callable[[str], str]) -> dict[str, str]:
    """What is missing or wrong, in words that name the field (请填写收货人), before anything is sent on."""
    found = {}
    if not form.get("name", "").strip():
        found["name"] = gettext("Enter the recipient's name.")
    if normalise_phone(form.get("phone", "")) is None:
        found["phone"] = gettext("Enter a valid mobile number.")
    if place_of_form(form) is None:
        found["region"] = gettext("Choose the province, city and district.")
    if not form.get("line1", "").strip():
        found["line1"] = gettext("Enter the street address.")
    return found


def field_of(service_field: str) -> str:
    """Where a service's field error shows on the form (the three region fields share the picker)."""
    return "region" if service_field in {"province", "city", "district", "region_code"} else service_field


@router.get("/regions", response_class=HTMLResponse)
async def region_picker(request: Request, ctx: ShopContext) -> HTMLResponse:
    """The picker again for the levels chosen so far (a change of province lists its cities, and so on)."""
    values = {key: request.query_params.get(key, "") for key in ("province_code", "city_code", "region_code")}
    return render(request, "shop/_region.html", {"values": values, "errors": {}, "base": f"/shop/{ctx.tenant.slug}"})


def delivery_field_errors(request: Request, exc: ShoalError | ValidationError) -> dict[str, str]:
    """A service's refusal placed next to the field it concerns (``delivery.address.phone`` is ``phone``)."""
    if isinstance(exc, InvalidPhone | UnknownRegion):
        field = "phone" if isinstance(exc, InvalidPhone) else field_of(str(exc.params["field"]))
        return {field: exc.render(request_locale(request))}
    return {field_of(key.rsplit(".", 1)[-1]): message for key, message in errors_of(request, exc).items()}


async def delivery_of(request: Request, ctx: RequestContext, form: Mapping[str, str]) -> dict[str, Any]:
    """Checkout's ``delivery`` for the form: a store to pick up from, a saved address, or a new one (checked
    here, then saved to the book). Raises ``DeliveryInvalid`` with the fields to fix."""
    if form.get("method") == "pickup":
        return {"method": "pickup", "location_id": form.get("location_id") or None}
    if form.get("address_id") and form["address_id"] != NEW_ADDRESS:
        return {"method": "ship", "address_id": form["address_id"]}
    errors = delivery_errors(form, translations(request_locale(request)).gettext)
    if errors:
        raise DeliveryInvalid(errors)
    address = address_of(form)
    try:
        saved = await add_address(ctx.uow(), data=AddressCreate.model_validate(address))
    except AddressBookFull:
        # A full book does not stop the purchase: this order keeps the address, the book stays as it is.
        return {"method": "ship", "address": {k: v for k, v in address.items() if k != "region_code"}}
    except (ShoalError, ValidationError) as exc:
        raise DeliveryInvalid(delivery_field_errors(request, exc) or {FORM_ERROR: str(exc)}) from exc
    return {"method": "ship", "address_id": saved.id}
