"""Reading a bulk-shipping file (批量发货): order number, carrier, tracking number per row. Pure, no I/O.

The header names the columns, in English or Chinese as 有赞's template does (订单号, 物流公司, 物流单号), in any
order; other columns are ignored, so a file exported from elsewhere can be uploaded as it is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from shoal.orders.errors import BulkShipFileInvalid

MAX_ROWS = 1000
COLUMNS: dict[str, tuple[str, ...]] = {
    "order_number": ("order_number", "order number", "order", "订单号", "订单编号"),
    "carrier": ("carrier", "物流公司", "快递公司"),
    "tracking_number": ("tracking_number", "tracking number", "物流单号", "快递单号", "运单号"),
}
ZH_NAMES = {"order_number": "订单号", "carrier": "物流公司", "tracking_number": "物流单号"}
TEMPLATE = ",".join(ZH_NAMES.values()) + "\r\n"


@dataclass(frozen=True, slots=True)
class BulkShipRow:
    row: int  # the line of the file, the header being 1, as a spreadsheet numbers it
    order_number: str
    carrier: str
    tracking_number: str


def read_rows(text: str) -> list[BulkShipRow]:
    """The file's rows (blank ones skipped), or 422 ``bulk_ship_file_invalid`` saying what is wrong with it."""
    try:
        table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise BulkShipFileInvalid(reason="not CSV / 非 CSV 格式") from exc
    if not table:
        raise BulkShipFileInvalid(reason="no rows / 没有数据行")
    positions = _positions(table[0])
    rows = [
        BulkShipRow(
            row=number,
            **{name: cells[index].strip() if index < len(cells) else "" for name, index in positions.items()},
        )
        for number, cells in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if not rows:
        raise BulkShipFileInvalid(reason="no rows / 没有数据行")
    if len(rows) > MAX_ROWS:
        raise BulkShipFileInvalid(reason=f"more than {MAX_ROWS} rows / 超过 {MAX_ROWS} 行")
    return rows


def _positions(header: list[str]) -> dict[str, int]:
    names = [cell.strip().casefold() for cell in header]
    positions: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        found = next((i for i, name in enumerate(names) if name in aliases), None)
        if found is None:
            raise BulkShipFileInvalid(reason=f"no column {column} / 缺少列 {ZH_NAMES[column]}")
        positions[column] = found
    return positions
