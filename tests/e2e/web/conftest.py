"""A real uvicorn server on a free loopback port, a fresh SQLite database, and Debian's Chromium."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from shoal.config import Settings
from shoal.core.actors import SYSTEM
from shoal.core.migrate import upgrade
from shoal.core.uow import Database
from shoal.identity.service import create_tenant
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artefacts" / "screenshots"
OWNER = ("owner@web.test", "owner-pass-123")


@dataclass(frozen=True)
class LiveShop:
    url: str
    slug: str
    owner_email: str
    owner_password: str
    database_url: str = ""  # for a test that needs a shop of its own beside the shared one


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _seed(url: str) -> None:
    db = Database(url)
    tenant = await create_tenant(
        db.uow(), slug="webshop", name="Web Shop", owner_email=OWNER[0], owner_password=OWNER[1]
    )
    await create_location(
        db.uow(tenant_id=tenant.id, actor=SYSTEM),
        data=LocationCreate(code="WH1", kind="warehouse", name="Main warehouse"),
    )
    await db.dispose()


@pytest.fixture(scope="session")
def live_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveShop]:
    from shoal.main import create_app

    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite+aiosqlite:///{folder / 'shoal.db'}"
    upgrade(url)
    asyncio.run(_seed(url))
    media = str(folder / "media")
    app = create_app(Settings(database_url=url, run_scheduler=False, media_dir=media, mock_payments_enabled=True))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield LiveShop(f"http://127.0.0.1:{port}", "webshop", *OWNER, database_url=url)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(live_shop: LiveShop):  # type: ignore[no-untyped-def]
    # Playwright's sync API keeps an event loop running in this thread, so the server (whose set-up
    # runs migrations with asyncio.run) must be started before it: hence the dependency on live_shop.
    # Module scope: the loop must stop before the async tests of later modules run in this thread.
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is missing: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shot():  # type: ignore[no-untyped-def]
    """``shot(page, name)`` saves a full-page screenshot for reviewers (artefacts/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:  # type: ignore[no-untyped-def]
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
async def web(settings, db, tmp_path) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The app over ASGI on the test database (both SQLite and PostgreSQL), without a real server; uploads
    go to the test's own folder."""
    from shoal.main import create_app

    app = create_app(settings.model_copy(update={"media_dir": str(tmp_path / "media")}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        yield http


async def sign_in(web: httpx.AsyncClient, slug: str, email: str, password: str) -> None:
    """Sign a staff user in to the console; the client keeps the session cookies."""
    form = {"tenant": slug, "email": email, "password": password}
    response = await web.post("/console/login", data=form, headers={"HX-Request": "true"})
    assert response.headers.get("hx-redirect") == "/console", response.text


def watch_script_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's script errors and Content-Security-Policy violations, collected as they happen (a
    violation is only a console message, not a page error, so it is listened for separately)."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def console_sign_in(page, live_shop: LiveShop, locale: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Sign the owner in to the console in a Chromium page; with ``locale``, in that language (the owner's
    language is stored, and the live shop's tests share one owner, so an earlier test may have switched it)."""
    page.goto(f"{live_shop.url}/console/login")
    page.fill("#f-tenant", live_shop.slug)
    page.fill("#f-email", live_shop.owner_email)
    page.fill("#f-password", live_shop.owner_password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/console$"))
    if locale:
        switched = page.request.post(
            f"{live_shop.url}/console/locale", form={"locale": locale}, headers={"HX-Request": "true"}
        )
        assert switched.ok, switched.text()
        page.reload()


def htmx_settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until no htmx request, swap or settle is under way: a field filled while htmx settles a swap can
    be reset by it (seen on a loaded machine: a variant's SKU typed into the grid came back empty)."""
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)
