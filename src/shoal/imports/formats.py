"""Telling file formats apart by their header row."""

from __future__ import annotations

import csv
import io

from shoal.imports import shoal_csv, shopify, woocommerce
from shoal.imports.errors import UnknownFileFormat
from shoal.imports.rows import ParsedFile, refuse_repeated_skus

PARSERS = {"shopify": shopify.parse, "shoal": shoal_csv.parse, "woocommerce": woocommerce.parse}


def detect(text: str) -> str:
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    except csv.Error as exc:
        raise UnknownFileFormat() from exc
    if shopify.looks_like_shopify(header):
        return "shopify"
    if shoal_csv.looks_like_shoal(header):
        return "shoal"
    if woocommerce.looks_like_woocommerce(header):
        return "woocommerce"
    raise UnknownFileFormat()


def parse(text: str, fmt: str = "auto") -> ParsedFile:
    chosen = detect(text) if fmt == "auto" else fmt
    if chosen not in PARSERS:
        raise UnknownFileFormat()
    parsed = PARSERS[chosen](text)
    refuse_repeated_skus(parsed.products)
    return parsed
