"""Parts of the suite that share one queue of modules, so ``make test`` uses every core with plain pytest.

``tests/run-parts`` starts several pytest processes with the same ``--queue DIR``. Each collects the whole
suite, then takes modules one at a time, heaviest first, and runs them; a part that finishes a module takes
the next one nobody has. A module is taken by creating its marker file in ``DIR``, which only one process
can do, so each module runs in exactly one part, and the parts end together whatever the tests cost. Each part
is an ordinary pytest session with its own summary (what the others ran counted as deselected). This replaced
pytest-xdist, whose runs once ended early reporting success, and a fixed deal of modules, whose parts ended
ten minutes apart.

Whole modules keep module-scoped fixtures (a browser) in one process. The next module is taken before the
current one's last test runs, so pytest knows the test that follows and keeps the session's fixtures (the
databases, the live shop) up between modules. A module's weight, for the order only, is estimated from its
tests: a browser test weighs most, a PostgreSQL concurrency promise more than a plain test.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

BROWSER_WEIGHT = 8
CONCURRENCY_WEIGHT = 4


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--queue",
        default=None,
        metavar="DIR",
        help="take whole modules from a queue shared with other pytest processes (tests/run-parts)",
    )


def _weight(item: pytest.Item) -> int:
    if "browser" in getattr(item, "fixturenames", ()):
        return BROWSER_WEIGHT
    return CONCURRENCY_WEIGHT if item.get_closest_marker("pg_only") else 1


def heaviest_first(items: Sequence[pytest.Item]) -> list[list[pytest.Item]]:
    """The items grouped by module, in collection order within a module, the heaviest module first."""
    modules: dict[Path, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)
    return sorted(modules.values(), key=lambda group: -sum(_weight(item) for item in group))


class Queue:
    """Modules in the same order in every part; ``take`` answers the next one no part has taken."""

    def __init__(self, folder: Path, groups: list[list[Any]]) -> None:
        self.folder = folder
        self.pending = list(groups)
        self.left: list[Any] = []  # what other parts took

    def take(self) -> list[Any] | None:
        while self.pending:
            group = self.pending.pop(0)
            marker = self.folder / hashlib.sha256(str(group[0].path).encode()).hexdigest()
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                self.left.extend(group)
                continue
            return group
        return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> bool | None:
    folder = session.config.getoption("--queue")
    if not folder or session.config.option.collectonly or session.testsfailed:
        return None  # pytest's own loop (it also stops on collection errors)
    queue = Queue(Path(folder), heaviest_first(session.items))
    group = queue.take()
    while group is not None:
        following = None
        for index, item in enumerate(group):
            if index == len(group) - 1:
                following = queue.take()
            nextitem = group[index + 1] if index + 1 < len(group) else (following[0] if following else None)
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
            if session.shouldfail:
                raise session.Failed(session.shouldfail)
            if session.shouldstop:
                raise session.Interrupted(session.shouldstop)
        group = following
    session.config.hook.pytest_deselected(items=queue.left)
    return True
