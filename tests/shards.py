"""``--shard i/n``: run the i-th of n parts of the suite, so ``make test`` can use both cores with plain pytest.

Each part is an ordinary pytest session that collects everything and deselects what belongs to the other
parts, so its summary counts what it ran (and what it left to the others) and nothing can go missing quietly,
which is why this replaced pytest-xdist (whose runs once ended early reporting success).

Parts are made of whole modules, so module- and session-scoped fixtures (a browser, a live shop) are built in
one process only. Modules are dealt out longest first to the part with the least work so far; a module's work
is estimated from its tests: a browser test weighs most, a PostgreSQL concurrency promise more than a plain
test. Every part computes the same deal from the same collection, so the parts cover the suite exactly once.
"""

from __future__ import annotations

import heapq
from pathlib import Path

import pytest

BROWSER_WEIGHT = 8
CONCURRENCY_WEIGHT = 4


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shard", default=None, metavar="I/N", help="run only the I-th (1-based) of N parts of the suite, by module"
    )


def _parse(spec: str) -> tuple[int, int]:
    index, _, count = spec.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        raise pytest.UsageError(f"--shard takes I/N, e.g. 1/2, not {spec!r}") from None
    if not 1 <= i <= n:
        raise pytest.UsageError(f"--shard {spec}: I must be between 1 and N")
    return i, n


def _weight(item: pytest.Item) -> int:
    if "browser" in getattr(item, "fixturenames", ()):
        return BROWSER_WEIGHT
    return CONCURRENCY_WEIGHT if item.get_closest_marker("pg_only") else 1


def deal(work: dict[Path, int], parts: int) -> list[set[Path]]:
    """Longest-processing-time-first: each module, heaviest first, goes to the part with the least work."""
    heap = [(0, n) for n in range(parts)]
    shares: list[set[Path]] = [set() for _ in range(parts)]
    for module in sorted(work, key=lambda m: (-work[m], str(m))):
        load, n = heapq.heappop(heap)
        shares[n].add(module)
        heapq.heappush(heap, (load + work[module], n))
    return shares


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    spec = config.getoption("--shard")
    if not spec:
        return
    index, parts = _parse(spec)
    work: dict[Path, int] = {}
    for item in items:
        work[item.path] = work.get(item.path, 0) + _weight(item)
    mine = deal(work, parts)[index - 1]
    kept = [item for item in items if item.path in mine]
    config.hook.pytest_deselected(items=[item for item in items if item.path not in mine])
    items[:] = kept
