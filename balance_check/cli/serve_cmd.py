"""balance-check serve: the local web page (FastAPI on uvicorn)."""

import secrets
import socket
import sys
import webbrowser
from pathlib import Path

import click

from .common import EXIT_UNUSABLE
from .frame import ChineseCommand


def access_token(host: str, given: str | None) -> str | None:
    """No token on this machine's own address unless asked for; elsewhere always one (random by default),
    as notebook servers do. An empty token on a reachable address is refused (exit 2)."""
    from ..web.guard import is_loopback

    if given is None:
        return None if is_loopback(host) else secrets.token_urlsafe(24)
    if given == "" and not is_loopback(host):
        click.echo(f"在非本机地址 {host} 上必须使用访问令牌：请去掉 --token ''（将自动生成）", err=True)
        sys.exit(EXIT_UNUSABLE)
    return given or None


@click.command(cls=ChineseCommand)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只允许本机访问）")
@click.option("--port", default=0, type=int, help="端口（默认自动选一个空闲端口）")
@click.option(
    "--token",
    default=None,
    help="访问令牌；非本机地址默认随机生成并显示在网址中。非本机地址不能设为空",
)
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@click.option(
    "--standards-dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="省级标准文件所在文件夹（与内置标准一起供选择）",
)
def serve(host: str, port: int, token: str | None, no_browser: bool, standards_dir: Path | None):
    """在本机启动网页：上传全县工作簿或各校工作簿（可打包为 .zip），在浏览器中核验并下载报告。"""
    import uvicorn

    from ..web import create_app

    token = access_token(host, token)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        click.echo(f"无法在 {host}:{port} 上启动：{e.strerror or e}", err=True)
        sys.exit(EXIT_UNUSABLE)
    sock.listen(2048)  # connections wait in the queue until the server takes them: the browser may come early
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{bound}/" + (f"?token={token}" if token else "")
    click.echo(f"balance-check 网页已启动：{address}")
    if host in ("0.0.0.0", "::"):
        click.echo(f"其他电脑请把地址中的 {host} 换成本机的局域网地址。")
    click.echo("按 Ctrl-C 停止。上传的文件和结果只保存在临时文件夹中，停止后删除。")
    app = create_app(token=token or None, standards_dir=standards_dir)
    if not no_browser:  # on all addresses: this machine's browser uses its own
        everywhere = host in ("0.0.0.0", "::")
        webbrowser.open(address.replace(f"//{shown}:", "//127.0.0.1:") if everywhere else address)
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
