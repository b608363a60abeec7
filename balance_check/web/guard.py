"""Two gates in front of every request: the access token (when the server is reachable from other
machines) and the upload size cap, enforced while the body arrives rather than after it is stored."""

import ipaddress
import json
import secrets
from urllib.parse import parse_qs

from .. import settings

COOKIE = "balance_check_token"


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


async def _send_text(send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", b"%d" % len(body)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class TokenGate:
    """403 unless the request carries the token: in the address (?token=…), which then sets a cookie so
    that the page's own requests and download links carry it, or in that cookie."""

    def __init__(self, app, token: str | None):
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        cookie = _cookie(scope).get(COOKIE, "")
        if secrets.compare_digest(given.encode(), self.token.encode()):

            async def send_with_cookie(message):
                if message["type"] == "http.response.start":
                    value = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                    message["headers"] = [*message.get("headers", []), (b"set-cookie", value.encode())]
                await send(message)

            return await self.app(scope, receive, send_with_cookie)
        if secrets.compare_digest(cookie.encode(), self.token.encode()):
            return await self.app(scope, receive, send)
        await _send_text(send, 403, "需要访问令牌：请使用启动时显示的完整地址（含 ?token=…）打开本页")


def _cookie(scope) -> dict:
    out = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                out[k] = v
    return out


class SizeGate:
    """413 when a request body exceeds MAX_UPLOAD_BYTES: by its declared length at once, and by counting
    the bytes as they arrive when the length is not declared (or is a lie)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = settings.MAX_UPLOAD_BYTES
        message = f"上传内容超过 {limit // 2**20} MB 上限（可用环境变量 BALANCE_CHECK_MAX_UPLOAD_MB 调整）"
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _send_text(send, 413, message)
        seen, over, answered = 0, False, False

        async def counted_receive():
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:  # stop reading: the app sees a client that went away
                    over = True
                    return {"type": "http.disconnect"}
            return msg

        async def watched_send(msg):
            nonlocal answered
            if not over:
                return await send(msg)
            if not answered:  # whatever the app answers to a cut-off body, the user is told why
                answered = True
                await _send_text(send, 413, message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except Exception:
            if not over:
                raise
            if not answered:
                await _send_text(send, 413, message)
