"""``juesuan serve``: run the web app (SQLite file by default, PostgreSQL by URL)."""

from __future__ import annotations

import os
import secrets
import sys

import click


@click.command("serve")
@click.option(
    "--db",
    "db_url",
    default=None,
    envvar="JUESUAN_DB",
    show_envvar=True,
    help="数据库：SQLite 文件路径（默认 ./juesuan.sqlite3）或 postgresql://user@host/dbname",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="工作进程数（多核服务器可设为核数）",
)
@click.option("--year", default=2024, show_default=True, type=int, help="当前填报年度")
@click.option("--demo", is_flag=True, help="载入示例部门和生成的演示单位、用户")
@click.option(
    "--secret-key", envvar="JUESUAN_SECRET_KEY", default=None, help="签名密钥（默认生成并保存在数据库中）"
)
@click.option("--secure-cookies", is_flag=True, help="只通过 HTTPS 发送登录 Cookie")
@click.option(
    "--get", "get_path", default=None, help="不启动服务：在进程内请求这个路径并打印响应（用于检查）"
)
def serve_command(
    db_url: str | None,
    host: str,
    port: int,
    workers: int,
    year: int,
    demo: bool,
    secret_key: str | None,
    secure_cookies: bool,
    get_path: str | None,
) -> None:
    """Run the web workflow (units prepare, reviewers check, the public downloads)."""
    try:
        from juesuan_web.app import create_app
        from juesuan_web.settings import Settings
    except ImportError as exc:  # pragma: no cover - the web extra is not installed
        raise click.ClickException(f"网页服务需要安装 juesuan[web]（缺少 {exc.name}）") from None

    settings = Settings(
        db_url=db_url or "",
        year=year,
        secret_key=secret_key,
        secure_cookies=secure_cookies,
        warm_up=get_path is None,  # a server, not one request
    )
    app = create_app(settings)
    if demo:
        from juesuan_web.demo import DEMO_PASSWORD, load_demo

        accounts = load_demo(app.state.sessions, settings)
        click.echo(f"演示数据已载入。演示账号（密码均为 {DEMO_PASSWORD}，仅供演示）：", err=True)
        for username, role, org in accounts:
            click.echo(f"  {username:<12} {role:<16} {org}", err=True)
    _first_admin(app)
    if get_path is not None:
        import asyncio

        import httpx

        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
                return await client.get(get_path)

        response = asyncio.run(fetch())
        click.echo(response.text)
        sys.exit(0 if response.status_code < 400 else 1)
    import uvicorn

    click.echo(f"数据库：{settings.db_url.split('@')[-1]}　地址：http://{host}:{port}/", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    from juesuan_web.asgi import settings_to_env

    os.environ.update(settings_to_env(settings))
    uvicorn.run("juesuan_web.asgi:app_from_env", factory=True, workers=workers, host=host, port=port)


def _first_admin(app) -> None:  # type: ignore[no-untyped-def]
    """With no user at all, create ``admin`` with the password from JUESUAN_ADMIN_PASSWORD or a random one."""
    from sqlalchemy import func, select

    from juesuan_web import security
    from juesuan_web.models import ADMIN, User

    with app.state.sessions() as db:
        if db.scalar(select(func.count()).select_from(User)):
            return
        password = os.environ.get("JUESUAN_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        db.add(
            User(
                username="admin",
                display_name="系统管理员",
                password_hash=security.hash_password(password),
                role=ADMIN,
            )
        )
        db.commit()
    if "JUESUAN_ADMIN_PASSWORD" not in os.environ:
        click.echo(f"已创建管理员账号 admin，初始密码：{password}（请登录后妥善保管）", err=True)
