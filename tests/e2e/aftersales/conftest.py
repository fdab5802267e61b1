"""After-sales over HTTP: the orders of ``tests.integration.aftersales`` name made-up variants."""

from __future__ import annotations

import pytest

from tests.stand_ins import stand_in_for_catalog


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use made-up variant ids (``tests.stand_ins``)."""
    stand_in_for_catalog(monkeypatch)
