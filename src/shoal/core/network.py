"""Which network address a request came from, for per-address limits (the sign-in throttle).

The address is the TCP peer of the ASGI scope. Behind a reverse proxy or load balancer that peer is
the proxy, so every client would share one address; list the proxies in ``SHOAL_TRUSTED_PROXIES``
(addresses or networks, comma-separated) and ``X-Forwarded-For`` is read from the right, skipping
trusted proxies, up to the first address that is not one. Without the setting the header is ignored:
anyone can write it, so trusting it by default would let a client choose its own address. A server
on a Unix socket has no peer address: with proxies configured, its requests count as proxied.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

UNKNOWN = "unknown"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """Parse ``SHOAL_TRUSTED_PROXIES`` (``"10.0.0.0/8, 127.0.0.1"``); a wrong entry fails at start-up."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def client_address(peer: str | None, forwarded_for: Sequence[str], trusted: tuple[Network, ...]) -> str:
    """The client's address: the peer, or when the peer is a trusted proxy, the right-most
    ``X-Forwarded-For`` hop that is not a trusted proxy (``forwarded_for`` holds the header's values)."""
    address = _parse(peer)
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    while hops and _sent_by_trusted_proxy(address, trusted):
        forwarded = _parse(hops.pop())
        if forwarded is None:
            break
        address = forwarded
    return str(address) if address is not None else UNKNOWN


def _parse(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address(text or "")
    except ValueError:
        return None


def _sent_by_trusted_proxy(address: Address | None, trusted: tuple[Network, ...]) -> bool:
    """Whether this hop is a trusted proxy. With no peer address (a Unix socket) only a proxy on the
    same machine can have sent the request, so it counts as trusted when any proxy is configured."""
    if address is None:
        return bool(trusted)
    return any(address.version == network.version and address in network for network in trusted)
