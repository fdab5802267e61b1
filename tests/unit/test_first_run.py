"""What a merchant meets on the first run is what the README says: ``make run PORT=…`` serves on that port,
and a demo SMS code is printed in the server's log as the README quotes it."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shoal.customers import rules
from shoal.customers.sms import LoggingSmsProvider

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_on_the_port_given() -> None:
    def dry_run(*args: str) -> str:
        return subprocess.run(
            ["make", "-n", "-C", str(ROOT), "run", *args], capture_output=True, text=True, check=True
        ).stdout

    assert "--port 8000" in dry_run()
    given = dry_run("PORT=8123")
    assert "--port 8123" in given and "127.0.0.1:8123/console" in given and "8000" not in given


async def test_a_demo_sms_code_is_printed_as_the_readme_says(caplog: pytest.LogCaptureFixture) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"`(sms to \+86\d+: [^`]*?)(\d{6})", readme)
    assert quoted, "the README should quote the log line carrying a demo SMS code"
    with caplog.at_level(logging.INFO, logger="shoal.customers.sms"):
        await LoggingSmsProvider().send("+8613800000001", rules.sms_text(quoted.group(2), "zh-CN"))
    assert caplog.messages == [caplog.messages[0]]
    assert caplog.messages[0].startswith(quoted.group(1) + quoted.group(2))
