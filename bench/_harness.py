"""Shared plumbing of the benchmarks: a throw-away PostgreSQL database, a served Shoal, percentiles.

Everything stays on the loopback interface and is bounded in time; figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx

ADMIN_URL = os.environ.get("SHOAL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
APP_ROLE = "shoal_app"


async def create_database(name: str) -> str:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"


async def drop_database(name: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, port: int, workers: int = 1, extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    shoal = Path(sys.executable).with_name("shoal")
    env = {
        **os.environ,
        "SHOAL_DATABASE_URL": url,
        "SHOAL_DATABASE_APP_ROLE": APP_ROLE,
        "SHOAL_RUN_SCHEDULER": "false",
        "SHOAL_LOG_LEVEL": "WARNING",
        "SHOAL_MOCK_PAYMENTS_ENABLED": "true",  # benchmarks pay with the mock, a development switch
        **(extra or {}),
    }
    return subprocess.Popen(
        [str(shoal), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(base: str, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("the server did not become ready in time")


def report(label: str, latencies: list[float], errors: int, seconds: float, extra: str = "") -> None:
    if not latencies:
        print(f"{label:8} no requests completed")
        return
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(ordered) / seconds
    print(f"{label:8} {rate:9.1f} req/s   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   errors {errors}{extra}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU a process has used so far (Linux ``/proc``): a server's CPU per request is the
    figure a busy, shared machine moves least."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_server(server: subprocess.Popen[bytes] | None) -> None:
    if server is None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


class KeepAliveClient:
    """A lean HTTP/1.1 keep-alive client for load (GET, and POST of a JSON body): one connection, one request at
    a time.

    httpx spends about a millisecond of the load generator's CPU on each request; on a 2-core machine the
    generator shares the cores with the server and PostgreSQL, so with httpx the client, not the server, set
    the ceiling and the tail. This one writes the request line and headers and reads the status, headers and
    ``Content-Length`` body (the server's answers are never chunked for these reads), nothing more.
    """

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self._host, self._port = host, port
        self._headers = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        return await self._send("GET", path, headers, b"")

    async def post(
        self, path: str, body: bytes, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """A JSON ``body`` (already encoded), sent with its ``Content-Length``."""
        sent = {"Content-Type": "application/json", "Content-Length": str(len(body)), **(headers or {})}
        return await self._send("POST", path, sent, body)

    async def _send(
        self, method: str, path: str, headers: dict[str, str] | None, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        assert self._reader is not None
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        request = f"{method} {path} HTTP/1.1\r\nHost: {self._host}\r\n{self._headers}{extra}\r\n"
        self._writer.write(request.encode() + body)
        head = (await self._reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        fields = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in head[1:] if line)}
        body = await self._reader.readexactly(int(fields.get("content-length", "0")))
        return status, fields, body

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
