"""What Telegram keeps of an <a> tag's URL: a port of tdlib's LinkManager::get_checked_link.

`checked_link("telegram.org")` is "http://telegram.org/", as api.telegram.org gives it back;
a URL tdlib refuses ("telegram.org ", "javascript:x", "localhost") is "" and the HTML parser
then makes no entity at all, which is what Telegram does. parse_url follows
tdutils/td/utils/HttpUrl.cpp: scheme http/https (http if none), [userinfo@]host[:port], a host
of RFC 3986 characters, percent escapes or non-ASCII, and a query with control characters and
spaces percent-encoded. tg:, ton: and tonsite: links keep their own scheme.
"""

from __future__ import annotations

import socket
import string
from dataclasses import dataclass

from bot.console.telegram_html_chars import HTML_SPACE, ascii_lower, to_integer_safe

_URL_PART_PUNCTUATION = frozenset(".-_!$,~*'();&+=")
_HEX = frozenset(string.hexdigits)
_INTERNAL_SCHEMES = ("tg", "ton", "tonsite")


@dataclass(frozen=True)
class HttpUrl:
    protocol: str
    userinfo: str
    host: str
    is_ipv6: bool
    specified_port: int
    query: str

    def get_url(self) -> str:
        userinfo = f"{self.userinfo}@" if self.userinfo else ""
        port = f":{self.specified_port}" if self.specified_port > 0 else ""
        return f"{self.protocol}://{userinfo}{self.host}{port}{self.query}"


def _find_any(text: str, start: int, stops: str) -> int:
    end = start
    while end < len(text) and text[end] not in stops:
        end += 1
    return end


def _split_port(authority: str) -> tuple[str, int] | None:
    """([userinfo@]host, port given or 0), or None for a port tdlib refuses."""
    colon = len(authority) - 1
    while colon > 0 and authority[colon] not in ":]@":
        colon -= 1
    if not (colon > 0 and authority[colon] == ":"):
        return authority, 0
    digits = authority[colon + 1:]
    while len(digits) > 1 and digits[0] == "0":
        digits = digits[1:]
    port = to_integer_safe(digits, 32)
    if port is None or not 0 < port <= 65535:
        return None
    return authority[:colon], port


def _is_ipv6_address(text: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6, text)
    except (OSError, ValueError):
        return False
    return True


def _url_part_ok(part: str, allow_colon: bool) -> bool:
    """tdlib's check_url_part: RFC 3986 characters, %XX escapes and any non-ASCII."""
    i = 0
    while i < len(part):
        char = part[i]
        if char == "%":
            escape = part[i + 1:i + 3]
            if len(escape) < 2 or not set(escape) <= _HEX:
                return False
            i += 3
            continue
        if char.isascii() and not (char.isalnum() or char in _URL_PART_PUNCTUATION
                                   or (allow_colon and char == ":")):
            return False
        i += 1
    return True


def _host_ok(host: str, userinfo: str, is_ipv6: bool) -> bool:
    if is_ipv6:
        return all(c in ":0123456789abcdef." for c in host[1:-1])
    return _url_part_ok(host, allow_colon=False) and _url_part_ok(userinfo, allow_colon=True)


def _normalised_query(query: str) -> str:
    query = query.rstrip(HTML_SPACE) or "/"
    encoded = "".join(f"%{ord(c):02X}" if ord(c) <= 0x20 else c for c in query)
    return encoded if query[0] == "/" else "/" + encoded


def parse_url(url: str) -> HttpUrl | None:
    """tdlib's parse_url with the default protocol http, or None where it fails."""
    scheme_end = _find_any(url, 0, ":/?#@[]")
    protocol, start = "http", 0
    if url.startswith("://", scheme_end):
        protocol, start = ascii_lower(url[:scheme_end]), scheme_end + 3
        if protocol not in ("http", "https"):
            return None
    authority_end = _find_any(url, start, "/?#")
    split = _split_port(url[start:authority_end])
    if split is None:
        return None
    userinfo, _, host = split[0].rpartition("@")
    is_ipv6 = host.startswith("[") and host.endswith("]")
    if (is_ipv6 and not _is_ipv6_address(host[1:-1])) or host in ("", "."):
        return None
    host = ascii_lower(host)
    if not _host_ok(host, userinfo, is_ipv6):
        return None
    return HttpUrl(protocol, userinfo, host, is_ipv6, split[1], _normalised_query(url[authority_end:]))


def _internal_scheme(link: str) -> str | None:
    for scheme in _INTERNAL_SCHEMES:
        if ascii_lower(link[:len(scheme) + 1]) == scheme + ":":
            return scheme
    return None


def _internal_link(scheme: str, link: str, url: HttpUrl) -> str:
    if (ascii_lower(link[:7]) == "http://" or url.protocol == "https" or url.userinfo
            or url.specified_port != 0 or url.is_ipv6):
        return ""
    query = url.query[1:] if url.query.startswith("/?") else url.query
    for char in url.host:
        if not ((char.isascii() and char.isalnum()) or char in "-_" or (scheme == "tonsite" and char == ".")):
            return ""
    return f"{scheme}://{url.host}{query}"


def checked_link(link: str) -> str:
    """The URL Telegram stores for a text_link, or "" when it drops the link."""
    scheme = _internal_scheme(link)
    if scheme is not None:
        link = link[len(scheme) + 1:]
        link = link[2:] if link.startswith("//") else link
    url = parse_url(link)
    if url is None:
        return ""
    if scheme is not None:
        return _internal_link(scheme, link, url)
    if "." not in url.host and not url.is_ipv6:
        return ""
    return url.get_url()
