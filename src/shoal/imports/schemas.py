"""What an import reports back: counts, and every refused row with its reason in both languages."""

from __future__ import annotations

from pydantic import Field

from shoal.core.schemas import Output


class RowProblem(Output):
    row: int = Field(description="Line number in the file; the header is line 1.")
    handle: str
    code: str
    message: str
    message_zh: str


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
