"""Reading single CSV cells the same way for every format: amounts, integers, booleans, lists."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from shoal.core.money import parse_decimal_amount

TRUE_WORDS = {"true", "yes", "1", "y", "是", "active"}
GRAMS_PER_UNIT = {"g": Decimal(1), "kg": Decimal(1000), "lb": Decimal("453.59237"), "oz": Decimal("28.349523125")}


class CellError(ValueError):
    """A cell that cannot be read; carries the stable code and both messages."""

    def __init__(self, code: str, en: str, zh: str) -> None:
        super().__init__(en)
        self.code, self.en, self.zh = code, en, zh


def text(row: dict[str, str], *names: str) -> str:
    """The first non-empty cell among ``names`` (formats rename columns between versions)."""
    for name in names:
        value = (row.get(name) or "").strip()
        if value:
            return value
    return ""


def amount(value: str, column: str) -> int:
    """Fen from a price as people write it (``19.90``, ``1,299``); prices are never negative."""
    try:
        fen = parse_decimal_amount(value.replace(",", ""))
    except ValueError:
        fen = -1
    if fen < 0:
        raise CellError(
            "invalid_amount",
            f"{column} {value!r} is not an amount like 19.90",
            f"{column} 的值 {value!r} 不是金额（例如 19.90）",
        )
    return fen


def optional_amount(value: str, column: str) -> int | None:
    return amount(value, column) if value else None


def whole_number(value: str, column: str, *, allow_negative: bool = False) -> int:
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise CellError(
            "invalid_number", f"{column} {value!r} is not a number", f"{column} 的值 {value!r} 不是数字"
        ) from exc
    if number != number.to_integral_value() or (number < 0 and not allow_negative):
        raise CellError(
            "invalid_quantity",
            f"{column} {value!r} must be a whole number, not negative",
            f"{column} 的值 {value!r} 须为非负整数",
        )
    return int(number)


def grams(value: str, unit: str = "g") -> int:
    """Weight in whole grams; Shopify's ``Variant Grams`` is already grams whatever the display unit."""
    if not value:
        return 0
    try:
        weight = Decimal(value) * GRAMS_PER_UNIT.get(unit.lower() or "g", Decimal(1))
    except InvalidOperation as exc:
        raise CellError("invalid_weight", f"weight {value!r} is not a number", f"重量 {value!r} 不是数字") from exc
    if weight < 0:
        raise CellError("invalid_weight", f"weight {value!r} is negative", f"重量 {value!r} 为负数")
    return int(weight.to_integral_value())


def flag(value: str) -> bool:
    return value.strip().lower() in TRUE_WORDS


def unless_false(value: str) -> bool:
    """Flags that default to yes (requires shipping, taxable): only an explicit no turns them off."""
    return value.strip().lower() not in ("false", "no", "0", "n", "否")


def tag_list(value: str) -> list[str]:
    return [tag.strip()[:50] for tag in value.replace("，", ",").split(",") if tag.strip()]
