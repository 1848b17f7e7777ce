"""The join addresses (engine/player/addresses.py): this machine's real ones, checked against
what the system's own tools say, and the ranking of a given list, in its exact order."""

from __future__ import annotations

import json
import subprocess

import pytest
from flask import Flask

from engine.player.addresses import (
    LISTENING,
    Address,
    join_addresses,
    machine_addresses,
    parse_ifconfig,
    rank_addresses,
    route_source,
)


def system_says(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_the_likely_address_is_the_one_the_default_route_leaves_from() -> None:
    route = json.loads(system_says("ip", "-j", "route", "get", "203.0.113.7"))
    assert route_source() == route[0]["prefsrc"]
    assert machine_addresses()[0] == route[0]["prefsrc"]


def test_every_address_of_the_machine_but_loopback_and_link_local() -> None:
    # `hostname -I`: every address but loopback and IPv6 link-local, as the player lists.
    every = system_says("hostname", "-I").split()
    assert sorted(machine_addresses(ipv6=True)) == sorted(every)
    assert sorted(machine_addresses()) == sorted(ip for ip in every if ":" not in ip)


def test_join_addresses_are_the_machine_addresses_as_urls() -> None:
    assert join_addresses(5000, "/live") == [f"http://{ip}:5000/live" for ip in machine_addresses()]


def test_an_ipv6_address_is_in_brackets_and_port_80_is_not_written() -> None:
    expected = [
        f"http://[{ip}]/live" if ":" in ip else f"http://{ip}/live"
        for ip in machine_addresses(ipv6=True)
    ]
    assert join_addresses(80, "/live", listening="::") == expected


@pytest.mark.parametrize(
    ("listening", "expected"),
    [
        ("192.168.1.20", ["http://192.168.1.20:8000/live"]),
        ("127.0.0.1", []),  # this machine only: no phone can join
        ("localhost", []),
    ],
)
def test_a_server_on_one_address_is_joined_there_only(listening: str, expected: list[str]) -> None:
    assert join_addresses(8000, "/live", listening=listening) == expected


def test_by_default_the_address_the_commands_server_listens_on() -> None:
    """`liane serve` listens on 127.0.0.1 unless told otherwise: no phone can join it."""
    app = Flask(__name__)
    with app.app_context():
        assert join_addresses(5000, "/live") == [
            f"http://{ip}:5000/live" for ip in machine_addresses()
        ]  # gunicorn: every address
        app.extensions[LISTENING] = "127.0.0.1"
        assert join_addresses(5000, "/live") == []
        app.extensions[LISTENING] = "::"
        assert join_addresses(5000, "/live") == join_addresses(5000, "/live", listening="::")
        assert join_addresses(5000, "/live", listening="192.168.1.20") == [
            "http://192.168.1.20:5000/live"
        ]


def test_the_sites_configured_address_comes_first() -> None:
    app = Flask(__name__)
    app.config["BASE_URL"] = "https://formation.example.org/"
    with app.app_context():
        urls = join_addresses(5000, "/live")
    assert urls == ["https://formation.example.org/live"] + [
        f"http://{ip}:5000/live" for ip in machine_addresses()
    ]


@pytest.mark.parametrize("base", ["http://127.0.0.1:5000", "http://0.0.0.0:5000", ""])
def test_an_address_no_phone_can_open_is_not_given(base: str) -> None:
    """`liane serve` puts its own address in BASE_URL when none is set: 127.0.0.1 or
    0.0.0.0 are no use to a phone."""
    app = Flask(__name__)
    app.config["BASE_URL"] = base
    with app.app_context():
        urls = join_addresses(5000, "/live")
    assert urls == [f"http://{ip}:5000/live" for ip in machine_addresses()]


def test_the_ranking_of_a_machines_addresses() -> None:
    given = [
        Address("172.17.0.1", "docker0"),
        Address("127.0.0.1", "lo"),
        Address("::1", "lo"),
        Address("fe80::8a3:1%wlan0", "wlan0"),
        Address("fd12:3456::5", "wlan0"),
        Address("2a01:e0a:1::5", "wlan0"),
        Address("100.101.102.103", "tailscale0"),
        Address("203.0.113.9", "eth1"),
        Address("169.254.3.4", "eth2"),
        Address("172.20.0.5", "eth3"),
        Address("10.1.2.3", "wlan0"),
        Address("192.168.1.20", "eth0"),
        Address("10.1.2.3", "wlan0"),
        Address("172.18.0.1", "br-1a2b3c"),
        Address("10.8.0.2", "wg0"),
        Address("0.0.0.0"),
        Address("224.0.0.251"),
        Address("192.168.122.1", "virbr0"),
        Address("fe80::1", "vethab12"),
        Address("10.20.30.40", "enp3s0"),
    ]
    assert rank_addresses(given, likely=["10.1.2.3", "2a01:e0a:1::5"]) == [
        "10.1.2.3",  # the default route's
        "2a01:e0a:1::5",  # the default route's in IPv6
        "192.168.1.20",
        "10.20.30.40",
        "172.20.0.5",
        "203.0.113.9",
        "169.254.3.4",  # self-assigned
        "fd12:3456::5",
        # virtual interfaces: containers, VPNs, VMs
        "192.168.122.1",
        "10.8.0.2",
        "172.17.0.1",
        "172.18.0.1",
        "100.101.102.103",
    ]


def test_without_a_default_route_the_rooms_usual_ranges_come_first() -> None:
    given = [
        Address("172.17.0.1"),  # Docker's bridge, its name unknown (the host name's list)
        Address("203.0.113.9"),
        Address("172.16.5.4"),
        Address("10.0.0.7"),
        Address("192.168.137.1"),  # Windows' mobile hotspot
    ]
    assert rank_addresses(given) == [
        "192.168.137.1",
        "10.0.0.7",
        "172.16.5.4",
        "203.0.113.9",
        "172.17.0.1",
    ]


MACOS_IFCONFIG = """\
lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
\tinet6 ::1 prefixlen 128
\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x1
en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tether 3c:22:fb:01:02:03
\tinet6 fe80::1c2a:8f4e:1b3c:9d10%en0 prefixlen 64 secured scopeid 0x6
\tinet 192.168.1.20 netmask 0xffffff00 broadcast 192.168.1.255
bridge100: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tinet 192.168.2.1 netmask 0xffffff00 broadcast 192.168.2.255
"""

NET_TOOLS_IFCONFIG = """\
eth0      Link encap:Ethernet  HWaddr 00:16:3e:00:00:01
          inet addr:10.0.0.7  Bcast:10.0.0.255  Mask:255.255.255.0
          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
"""


def test_ifconfig_is_read_on_macos_and_old_linux() -> None:
    assert parse_ifconfig(MACOS_IFCONFIG) == [
        Address("127.0.0.1", "lo0"),
        Address("::1", "lo0"),
        Address("fe80::1%lo0", "lo0"),
        Address("fe80::1c2a:8f4e:1b3c:9d10%en0", "en0"),
        Address("192.168.1.20", "en0"),
        Address("192.168.2.1", "bridge100"),
    ]
    assert parse_ifconfig(NET_TOOLS_IFCONFIG) == [Address("10.0.0.7", "eth0")]
    assert rank_addresses(parse_ifconfig(MACOS_IFCONFIG)) == ["192.168.1.20", "192.168.2.1"]
