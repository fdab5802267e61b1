"""The client address behind proxies: ``X-Forwarded-For`` only from trusted proxies, read from the right."""

from __future__ import annotations

from shoal.core.network import UNKNOWN, client_address, trusted_networks

PROXIES = trusted_networks("10.0.0.0/8, 127.0.0.1")


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("198.51.100.1", ["203.0.113.5"], trusted_networks("")) == "198.51.100.1"


def test_a_client_that_is_not_a_proxy_cannot_choose_its_address() -> None:
    assert client_address("198.51.100.1", ["203.0.113.5"], PROXIES) == "198.51.100.1"


def test_the_right_most_hop_that_is_not_a_trusted_proxy_is_the_client() -> None:
    forwarded = ["1.2.3.4, 203.0.113.5", "10.0.0.7"]  # a forged first hop, the client, an inner proxy
    assert client_address("127.0.0.1", forwarded, PROXIES) == "203.0.113.5"


def test_garbage_stops_the_walk_at_the_last_trusted_hop() -> None:
    assert client_address("10.0.0.2", ["not-an-address"], PROXIES) == "10.0.0.2"


def test_no_peer_counts_as_proxied_only_when_proxies_are_configured() -> None:
    assert client_address(None, ["203.0.113.5"], PROXIES) == "203.0.113.5"
    assert client_address(None, ["203.0.113.5"], trusted_networks("")) == UNKNOWN
