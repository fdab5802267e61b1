"""The ``shoal`` command line: serve, migrate, load the demo, manage tenants and staff, import.

Every command reads ``SHOAL_*`` settings (see ``shoal.config``); errors say what to do next.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from shoal.config import get_settings
from shoal.core.console import console, err, run_with_db
from shoal.core.uow import Database
from shoal.imports.cli import products_command
from shoal.supply.cli import forecast_app, supply_app

app = typer.Typer(help="Shoal commerce platform / Shoal 电商平台", no_args_is_help=True)
db_app = typer.Typer(help="Database schema / 数据库结构", no_args_is_help=True)
tenant_app = typer.Typer(help="Tenants (brands) / 商户", no_args_is_help=True)
user_app = typer.Typer(help="Staff accounts / 员工账号", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data / 演示数据", no_args_is_help=True)
import_app = typer.Typer(help="Import data from files / 导入数据", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(tenant_app, name="tenant")
app.add_typer(user_app, name="user")
app.add_typer(demo_app, name="demo")
app.add_typer(import_app, name="import")
app.add_typer(forecast_app, name="forecast")
app.add_typer(supply_app, name="supply")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind / 监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port / 端口")] = 8000,
    demo: Annotated[
        bool, typer.Option(help="Migrate, load the demo, test payments on / 先迁移并加载演示数据，开启模拟支付")
    ] = False,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes / 工作进程数")] = 1,
) -> None:
    """Serve the API, console and storefront. / 启动 API、后台与商城。"""
    import uvicorn

    if demo:
        db_upgrade()
        demo_load()
        os.environ.setdefault("SHOAL_DEFAULT_TENANT", "demo")
        os.environ.setdefault("SHOAL_MOCK_PAYMENTS_ENABLED", "true")  # the demo shop's test payments
        get_settings.cache_clear()
    console.print(f"Shoal on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
    uvicorn.run(
        "shoal.main:served_app", factory=True, host=host, port=port, reload=reload, workers=workers, log_level="info"
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision")] = "heads") -> None:
    """Bring the schema to the latest revision, keeping all data. / 升级数据库结构（保留数据）。"""
    from shoal.core.migrate import schema_state, upgrade

    settings = get_settings()
    try:
        before = schema_state(settings.database_url)
        upgrade(settings.database_url, revision)
        after = schema_state(settings.database_url)
    except Exception as exc:
        err.print(
            f"[red]Migration failed[/red]: {exc}\n"
            "Check SHOAL_DATABASE_URL and that the database server is running. / "
            "请检查 SHOAL_DATABASE_URL 以及数据库是否运行。"
        )
        raise typer.Exit(code=1) from exc
    where = _safe_url(settings.database_url)
    if before.empty:
        tables = after.tables
        console.print(
            f"[green]Created the schema ({tables} tables)[/green] / 已创建数据库结构（{tables} 张表） ({where})"
        )
    elif before.revisions != after.revisions:
        console.print(f"[green]Upgraded the schema[/green] / 已升级数据库结构 ({where})")
    else:
        console.print(f"[green]Schema is up to date[/green] / 数据库结构已是最新 ({where})")


@tenant_app.command("create")
def tenant_create(
    slug: Annotated[str, typer.Argument(help="Short unique name, e.g. 'acme' / 店铺标识")],
    name: Annotated[str, typer.Option(help="Display name / 店铺名称")],
    owner_email: Annotated[str, typer.Option(help="Owner's email / 店主邮箱")],
    owner_password: Annotated[
        str, typer.Option(help="Owner's password (8+ chars) / 店主密码", prompt=True, hide_input=True)
    ],
    currency: Annotated[str, typer.Option(help="Currency / 币种")] = "CNY",
    locale: Annotated[str, typer.Option(help="zh-CN or en")] = "zh-CN",
) -> None:
    """Create a tenant (a brand) with its owner account. / 创建商户及店主账号。"""
    from shoal.identity.service import create_tenant

    tenant = run_with_db(
        lambda db: create_tenant(
            db.uow(),
            slug=slug,
            name=name,
            owner_email=owner_email,
            owner_password=owner_password,
            currency=currency,
            locale=locale,
        )
    )
    console.print(f"[green]Tenant created[/green] / 商户已创建: {tenant.slug} ({tenant.id})")


@user_app.command("create")
def user_create(
    tenant: Annotated[str, typer.Option(help="Tenant slug / 店铺标识")],
    email: Annotated[str, typer.Option(help="Email / 邮箱")],
    role: Annotated[str, typer.Option(help="owner, admin, operator or clerk")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Password (8+ chars) / 密码")],
    name: Annotated[str, typer.Option(help="Display name / 姓名")] = "",
    location_id: Annotated[str | None, typer.Option(help="A clerk's store / 店员所属门店")] = None,
) -> None:
    """Create a staff account in a tenant. / 在商户下创建员工账号。"""
    import shoal.main  # noqa: F401  (registers every domain's id finders, to check the store)
    from shoal.core.actors import SYSTEM
    from shoal.core.http import resolve_tenant
    from shoal.identity.schemas import StaffCreate
    from shoal.identity.service import create_staff

    async def work(db: Database) -> str:
        found = await resolve_tenant(db, tenant)
        data = StaffCreate(
            email=email, name=name or email.split("@")[0], password=password, role=role, location_id=location_id
        )
        user = await create_staff(db.uow(tenant_id=found.id, actor=SYSTEM), data=data)
        return user.id

    user_id = run_with_db(work)
    console.print(f"[green]Staff account created[/green] / 员工账号已创建: {email} ({user_id})")


@app.command()
def worker(
    interval: Annotated[float, typer.Option(help="Seconds between ticks / 轮询间隔秒数")] = 5.0,
    once: Annotated[bool, typer.Option(help="Run every job once and exit")] = False,
) -> None:
    """Run background jobs out of process (sweepers, outbox). / 在独立进程中运行后台任务。"""
    import shoal.main  # noqa: F401  (registers every domain's jobs)
    from shoal.core.scheduler import run_forever, run_once

    if once:
        done = run_with_db(run_once)
        console.print(done)
        return
    console.print(f"Worker running every {interval}s / 后台任务运行中")
    run_with_db(lambda db: run_forever(db, interval))


def _safe_url(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('@', 1)[-1]}"


@demo_app.command("load")
def demo_load() -> None:
    """Load the demo tenant `demo` (idempotent). / 加载演示商户 demo（可重复执行）。"""
    from shoal.demo.loader import load_demo

    summary = run_with_db(lambda db: load_demo(db, console=console))
    console.print(f"[green]Demo ready[/green] / 演示数据已就绪: {summary}")
    console.print("Sign in / 登录: tenant [bold]demo[/bold], owner@demo.shoal / shoal-demo")


import_app.command("products")(products_command)
