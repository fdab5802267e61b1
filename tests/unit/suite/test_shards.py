"""The suite's parts (``tests/shards.py``) share one queue: every module runs in exactly one part."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from tests.shards import Queue

TESTS_PER_MODULE = 2


def _modules(count: int) -> list[list[SimpleNamespace]]:
    return [[SimpleNamespace(path=Path(f"tests/test_{n}.py")) for _ in range(TESTS_PER_MODULE)] for n in range(count)]


@given(st.integers(0, 30), st.lists(st.integers(0, 3), max_size=200))
def test_parts_taking_in_any_interleaving_run_each_module_once(count: int, turns: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        parts = [Queue(Path(folder), _modules(count)) for _ in range(4)]
        ran: list[list[Path]] = [[] for _ in parts]
        for turn in [*turns, *range(len(parts))] * (count + 1):  # at the end every part asks until none is left
            group = parts[turn].take()
            if group is not None:
                ran[turn].append(group[0].path)
        assert sorted(path for paths in ran for path in paths) == sorted(m[0].path for m in _modules(count))
        for part, paths in zip(parts, ran, strict=True):  # what a part did not run, it counts as the others'
            assert len(part.left) == TESTS_PER_MODULE * (count - len(paths))
