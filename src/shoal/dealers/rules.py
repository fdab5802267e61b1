"""Pure dealer rules: a dealer's unit price, MOQ and case packs, reading an order file, volume rebates and
rebate periods. No I/O; the services load the facts and call these."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shoal.core.csv_text import decode_csv
from shoal.core.money import percent_of
from shoal.dealers.errors import BadOrderFile, BadPeriod, BelowMinimum, NotWholeCases

MAX_FILE_BYTES = 256 * 1024
MAX_FILE_LINES = 200  # an order ships as one transfer, of at most 200 lines
MAX_QUANTITY = 1_000_000
MAX_SKU = 120


def price_channel(price_list: str | None) -> str | None:
    """The catalog channel a price list names (catalog's ``ChannelPrice`` of ``dealer:<list>``)."""
    return f"dealer:{price_list}" if price_list else None


def unit_price(list_price: int, channel_price: int | None, discount_bps: int) -> int:
    """The dealer's price: its price list's price where it has one, else list price less its discount
    (rounded half-up to the fen, ``core.money.percent_of``)."""
    if channel_price is not None:
        return channel_price
    return list_price - percent_of(list_price, discount_bps)


def check_quantity(sku: str, quantity: int, moq: int, case_pack: int) -> None:
    """A line is at least the MOQ and whole cases; raises the error that names the SKU."""
    if quantity < moq:
        raise BelowMinimum(sku=sku, moq=moq)
    if quantity % case_pack:
        raise NotWholeCases(sku=sku, case_pack=case_pack)


def merged(lines: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Quantities of the same SKU added together, in first-seen order (a file may name a SKU twice)."""
    totals: dict[str, int] = {}
    for sku, quantity in lines:
        totals[sku] = totals.get(sku, 0) + quantity
    return list(totals.items())


def order_file_text(raw: bytes) -> str:
    """The text of an uploaded order file (UTF-8 or GB18030, at most ``MAX_FILE_BYTES``; read one byte more
    to tell); ``BadOrderFile`` for a larger file or one that is no text."""
    if len(raw) > MAX_FILE_BYTES:
        raise BadOrderFile(line=1)
    try:
        return decode_csv(raw)
    except UnicodeDecodeError as exc:
        raise BadOrderFile(line=1) from exc


def read_order_file(text: str) -> list[tuple[str, int]]:
    """``sku,quantity`` rows (a header row is optional; blank rows are skipped); ``BadOrderFile`` names the
    first line that is not a SKU and a positive whole quantity."""
    rows: list[tuple[str, int]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and len(cells) >= 2 and cells[1].lower() in {"quantity", "qty", "数量"}:
            continue
        if len(cells) < 2 or not _is_line(cells[0], cells[1]):
            raise BadOrderFile(line=number)
        rows.append((cells[0], int(cells[1])))
        if len(rows) > MAX_FILE_LINES:
            raise BadOrderFile(line=number)
    return rows


def _is_line(sku: str, quantity: str) -> bool:
    return 0 < len(sku) <= MAX_SKU and quantity.isascii() and quantity.isdigit() and 0 < int(quantity) <= MAX_QUANTITY


@dataclass(frozen=True, slots=True)
class Tier:
    min_volume: int
    rate_bps: int


def rebate(volume: int, tiers: Sequence[Tier]) -> tuple[int, int]:
    """(rate in basis points, amount) for a period's volume: the highest tier it reaches, the whole volume
    at that rate (half-up to the fen); (0, 0) below the first tier."""
    reached = [tier for tier in tiers if volume >= tier.min_volume]
    if not reached:
        return 0, 0
    rate = max(reached, key=lambda tier: tier.min_volume).rate_bps
    return rate, percent_of(volume, rate)


def period_bounds(period: str, now: datetime) -> tuple[datetime, datetime]:
    """The UTC start and end of a month ``YYYY-MM`` that has ended by ``now``; ``BadPeriod`` otherwise."""
    try:
        start = datetime.strptime(period, "%Y-%m").replace(tzinfo=UTC)
    except ValueError as exc:
        raise BadPeriod() from exc
    end = (start + timedelta(days=32)).replace(day=1)
    if end > now:
        raise BadPeriod()
    return start, end


def last_period(now: datetime) -> str:
    """The month before ``now``'s, the one the settling job settles."""
    return (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def due_date(invoiced_at: datetime, terms_days: int) -> datetime:
    return invoiced_at + timedelta(days=terms_days)


def document_number(prefix: str, day: datetime, row_id: str) -> str:
    """A human number (``DO20261130`` + the row id's random tail): unique without a counter to contend on."""
    return f"{prefix}{day:%Y%m%d}{row_id.replace('-', '')[-8:].upper()}"
