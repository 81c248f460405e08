"""SSRF guard: refuse to fetch addresses inside the operator's network.

A URL that a user or a feed supplies may point at loopback, a private network, link-local or
cloud metadata addresses. ``check_url`` refuses those after DNS resolution; ``resolve_checked``
gives the addresses that passed, and the fetcher connects only to those addresses (its network
backend calls ``resolve_checked`` at connect time and dials the checked IP), so a DNS answer
that changes between the check and the connection (DNS rebinding) cannot slip through.
Endpoints in ``allow_hosts`` ("host:port", exactly as the URL names them) are let through
whatever they resolve to: the operator allows one internal source at a time (a source's
``fetch_allowance``), never a host on every port, never for other sources. (A bare host
entry allows every port of it; only the operator's webhook list uses that.)
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from mynews.core.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = ("http", "https")
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def check_url(url: str, allow_hosts: tuple[str, ...] | list[str] = ()) -> None:
    """Raise FetchError(kind="blocked") unless ``url`` is http(s) to a public address."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"scheme {parts.scheme or '(none)'!r} is not allowed", kind="blocked")
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host", kind="blocked")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"invalid port in URL: {exc}", kind="blocked") from exc
    resolve_checked(host, port, allow_hosts)


def endpoint(url: str) -> str | None:
    """``host:port`` of an http(s) URL (default port filled in), as allowances are written."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        return None
    return f"{_norm(parts.hostname)}:{port}"


def resolve_checked(host: str, port: int, allow_hosts: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Resolve ``host`` and return its addresses, raising FetchError(kind="blocked") if any is
    not public (and the host is not allowed), or kind="network" when it does not resolve."""
    addresses = _resolve(host, port)
    if _allowed(host, port, allow_hosts):
        return addresses
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        reason = blocked_reason(ip)
        if reason:
            raise FetchError(f"{host} resolves to a {reason} address ({ip})", kind="blocked")
    return addresses


def blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be fetched ("loopback", "private", ...), or None when it is public."""
    if ip in METADATA_ADDRESSES:
        return "cloud metadata"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = blocked_reason(embedded)
            return f"{inner} (embedded in IPv6)" if inner else None
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("carrier-grade NAT", isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-global", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _allowed(host: str, port: int, allow_hosts: tuple[str, ...] | list[str]) -> bool:
    """``host:port`` entries allow exactly that endpoint; a bare host (the operator-wide
    ``MYNEWS_DELIVERY_ALLOW_HOSTS`` for webhooks) allows that host on any port."""
    wanted = _norm(host)
    for entry in allow_hosts:
        allowed_host, allowed_port = _split(entry)
        if allowed_host == wanted and allowed_port in (None, port):
            return True
    return False


def _norm(host: str) -> str:
    host = host.lower().strip("[]").rstrip(".")
    return f"[{host}]" if ":" in host else host


def _split(entry: str) -> tuple[str, int | None]:
    value = entry.strip()
    if value.startswith("[") and "]:" in value:
        host, _, port = value.rpartition(":")
        return _norm(host), int(port) if port.isdigit() else -1
    if value.count(":") == 1:
        host, _, port = value.partition(":")
        return _norm(host), int(port) if port.isdigit() else -1
    return _norm(value), None


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}", kind="network") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host}: no address", kind="network")
    return addresses
