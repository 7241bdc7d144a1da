"""python-telegram-bot's BaseRequest on aiohttp's client.

PTB ships an httpx transport. Profiling the bot under load (README, "Measured") showed about
60% of the event loop's time inside httpx/httpcore for each Bot API call; aiohttp's client,
with its C HTTP parser, does the same work in a fraction of that. Errors are translated to
PTB's own (TimedOut, NetworkError) with the aiohttp exception as `__cause__`, which the retry
layer in `bot.transport` reads to tell "never sent" from "may have arrived".
"""

from __future__ import annotations

import asyncio
import json

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

from bot.logging_setup import redact

# Errors raised before any byte of the request can have reached the server.
NOT_SENT_ERRORS: tuple[type[BaseException], ...] = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)


class AiohttpRequest(BaseRequest):
    """One aiohttp ClientSession per instance, opened in `initialize`, closed in `shutdown`."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        proxy: str | None = None,
    ) -> None:
        self._pool_size = connection_pool_size
        self._proxy = proxy
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._env_proxies: dict[str, tuple[URL | None, aiohttp.BasicAuth | None]] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            # Not trust_env: it re-reads the proxy variables and ~/.netrc on a worker thread for
            # every request (about a third of the echo bot's py-spy samples under load).
            # `_proxy_for` reads them once per origin instead.
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
        write_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one Bot API request; answer (HTTP status, body)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = self._timeout(read_timeout, connect_timeout, pool_timeout)
        try:
            data, headers = _body(request_data)
            proxy, proxy_auth = self._proxy_for(url)
            async with self._session.request(method, url, data=data, headers=headers, timeout=timeout,
                                             proxy=proxy, proxy_auth=proxy_auth) as response:
                return response.status, await response.read()
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name matters when aiohttp's message is empty (a dropped connection);
            # some aiohttp messages quote the URL, and the URL holds the token.
            raise NetworkError(redact(f"aiohttp.{type(error).__name__}: {error}")) from error

    def _proxy_for(self, url: str) -> tuple[URL | str | None, aiohttp.BasicAuth | None]:
        """The explicit proxy, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY (http:// proxies, with a
        password from the URL or ~/.netrc), as aiohttp's trust_env reads them: self-hosters where
        Telegram is blocked need one. Read once per origin; the environment does not change."""
        if self._proxy is not None:
            return self._proxy, None
        key = "/".join(url.split("/", 3)[:3])  # scheme://host:port
        if key not in self._env_proxies:
            try:
                origin = URL(key)
            except ValueError:  # a malformed request URL: aiohttp's own error will say so
                return None, None
            try:
                self._env_proxies[key] = get_env_proxy_for_url(origin)
            except LookupError:  # no proxy for this scheme, or NO_PROXY names the host
                self._env_proxies[key] = (None, None)
            except ValueError:
                # Going direct instead would fail where Telegram is blocked, and say nothing
                # about why. The value is not quoted: it may hold a password.
                raise NetworkError("HTTPS_PROXY / HTTP_PROXY is set but is not a valid proxy URL") from None
        return self._env_proxies[key]

    def _timeout(self, read, connect, pool) -> aiohttp.ClientTimeout:
        read = self._read_timeout if isinstance(read, DefaultValue) else read
        connect = self._connect_timeout if isinstance(connect, DefaultValue) else connect
        pool = self._pool_timeout if isinstance(pool, DefaultValue) else pool
        # aiohttp's `connect` covers waiting for a pooled connection plus opening a new one.
        acquire = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(total=None, connect=acquire, sock_connect=connect, sock_read=read)


_JSON = {"Content-Type": "application/json"}


def _body(request_data: RequestData | None) -> tuple[bytes | aiohttp.FormData | None, dict[str, str] | None]:
    """A JSON body (the Bot API takes one), or multipart form data when files are uploaded.

    JSON rather than PTB's urlencoded form: percent-encoding a reply's Chinese text byte by
    byte in pure Python took ~3% of the bot's CPU under load (py-spy); json.dumps is C.
    """
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode(), _JSON
    form = aiohttp.FormData(request_data.json_parameters)
    for name, part in request_data.multipart_data.items():
        filename, content, *mime = part if isinstance(part, tuple) else (name, part)
        form.add_field(name, content, filename=filename, content_type=mime[0] if mime else None)
    return form, None
