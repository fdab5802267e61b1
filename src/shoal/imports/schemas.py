"""What an import reports back: counts, and every refused row with its reason in both languages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from shoal.core.schemas import Output


class RowProblem(Output):
    row: int = Field(description="Line number in the file; the header is line 1.")
    handle: str
    code: str
    message: str
    message_zh: str
    sku: str | None = Field(default=None, description="Warnings about a changed SKU: the SKU Shoal stored.")
    source_sku: str | None = Field(default=None, description="Warnings about a changed SKU: the file's SKU.")


class ImportReport(Output):
    format: str
    products: int = Field(description="Products found in the file.")
    variants: int
    created: int
    updated: int
    failed: int = Field(description="Products skipped whole because of a bad row.")
    stock_rows: int = Field(description="Variant-location counts set from the file.")
    problems: list[RowProblem] = Field(description="Refused rows; their products were skipped whole.")
    warnings: list[RowProblem] = Field(description="Rows imported with a change the merchant should check.")


class ImportJobRead(Output):
    """A console import: how far it is, then its report (or why the file was refused)."""

    id: str
    filename: str
    status: str = Field(description="running, done or failed.")
    done: int = Field(description="Products handled so far.")
    total: int = Field(description="Products in the file (0 until the file is read).")
    report: ImportReport | None
    error: dict[str, Any] | None = Field(description="Why the file was refused, per locale.")
    created_at: datetime
    finished_at: datetime | None
