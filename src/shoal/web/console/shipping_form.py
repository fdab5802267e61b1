"""Reading the console's shipping template form (运费模板) into ``ShippingTemplateIn``, and back.

Pure (no HTTP, no database), so the mapping is tested alone. As on Youzan, an operator writes fees in yuan
(``8.00``), weights in kilograms (首重 1 kg, 续重 0.5 kg) and ticks the provinces a template covers, or none
for "everywhere else" (``*``). The schema wants fen and grams; the translation happens here, without floats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from shoal.checkout.schemas import ShippingTemplateIn, ShippingTemplateRead
from shoal.checkout.shipping import BY_WEIGHT, EVERYWHERE, PER_PIECE, province_key
from shoal.core.money import format_amount
from shoal.customers.regions import provinces
from shoal.web.console.marketing_forms import RuleForm, _Reader, compact
from shoal.web.console.product_form import form_list

EXPRESS_MODES = (PER_PIECE, BY_WEIGHT)
GRAMS_PER_KG = 1000
# Inputs of the form; schema errors on anything else go to the form's top alert.
FIELDS = {"name", "mode", "regions", "first_units", "first_fee", "additional_units", "additional_fee",
          "free_over", "priority", "active"}  # fmt: skip


def province_names() -> list[str]:
    return [p.name for p in provinces()]


class _ShippingReader(_Reader):
    def mode(self) -> str:
        mode = self.text("mode") or PER_PIECE
        if mode not in EXPRESS_MODES:
            self.errors["mode"] = self._("Choose one of the offered values.")
            return PER_PIECE
        return mode

    def units(self, name: str, mode: str, *, minimum: int) -> int | None:
        """Pieces as a whole number, or kilograms (up to 3 decimals) as grams."""
        value = self.whole(name, required=True) if mode == PER_PIECE else self.kilograms(name)
        if value is not None and value < minimum:
            self.errors[name] = self._("Must be at least %(ge)s.") % {"ge": minimum}
            return None
        return value

    def kilograms(self, name: str) -> int | None:
        raw = self.text(name)
        try:
            grams = Decimal(raw) * GRAMS_PER_KG
            exact = grams == grams.to_integral_value() and grams >= 0
        except (InvalidOperation, ValueError):
            exact = False
        if not exact:
            self.errors[name] = self._("Enter a weight in kilograms like 0.5.")
            return None
        return int(grams)

    def regions(self, chosen: list[str]) -> list[str]:
        known = set(province_names())
        picked = [name for name in chosen if name in known]
        if len(picked) != len(chosen):
            self.errors["regions"] = self._("Choose one of the offered values.")
        return picked or [EVERYWHERE]


def read_template(
    form: Mapping[str, Any], currency: str, gettext: Callable[[str], str]
) -> RuleForm[ShippingTemplateIn]:
    """The template to save, or the errors to show beside their inputs."""
    reader = _ShippingReader(form, currency, gettext)
    mode = reader.mode()
    values = {
        "name": reader.text("name"),
        "mode": mode,
        "regions": reader.regions(form_list(form, "regions")),
        "first_units": reader.units("first_units", mode, minimum=1),
        "first_fee": reader.fen("first_fee", required=True),
        "additional_units": reader.units("additional_units", mode, minimum=1),
        "additional_fee": reader.fen("additional_fee", required=True),
        "free_over": reader.fen("free_over"),
        "priority": reader.whole("priority"),
        "active": reader.checked("active"),
    }
    try:
        data = ShippingTemplateIn.model_validate(compact(values))
    except ValidationError as exc:
        return RuleForm(None, reader.errors, exc)
    return RuleForm(None if reader.errors else data, reader.errors)


def template_values(template: ShippingTemplateRead, currency: str) -> dict[str, Any]:
    """The edit form filled from a stored template: fen as yuan, grams as kilograms."""

    def units(value: int) -> str:
        if template.mode == PER_PIECE:
            return str(value)
        return str((Decimal(value) / GRAMS_PER_KG).normalize())

    return {
        "name": template.name,
        "mode": template.mode,
        "regions": [province_key(r) for r in template.regions if r != EVERYWHERE],  # 浙江 (saved before) ticks 浙江省
        "first_units": units(template.first_units),
        "first_fee": format_amount(template.first_fee, currency),
        "additional_units": units(template.additional_units),
        "additional_fee": format_amount(template.additional_fee, currency),
        "free_over": format_amount(template.free_over, currency) if template.free_over is not None else "",
        "priority": str(template.priority),
        "active": "on" if template.active else "",
    }


NEW_TEMPLATE = {"mode": PER_PIECE, "regions": [], "first_units": "1", "additional_units": "1", "priority": "100",
                "active": "on"}  # fmt: skip
