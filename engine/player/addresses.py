"""The addresses of this machine that phones in the room can reach, the likely one first.

A workshop runs on a laptop joined to a Wi-Fi or a hotspot that may have no internet: the
join screen and `liane workshop` must show an address of the room's network, not 127.0.0.1
(the laptop itself) nor a virtual bridge (Docker's 172.17.0.1, a VM's, a VPN's) that no phone
can reach. The likely one is the address the default route leaves from, found by "connecting"
a UDP socket (no packet is sent); then the usual ranges of home and office networks and
hotspots (192.168/16, 10/8, 172.16/12), then the others, virtual interfaces last.

The standard library cannot list a machine's addresses on Linux (the host name resolves to
127.0.1.1 on Debian), so `ip -j addr` is asked, else `ifconfig` (macOS, BSD), else the host
name's addresses (Windows lists them all so). No dependency is added for this.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, has_app_context

# Interfaces that phones on the room's network cannot reach: container and VM bridges, VPNs.
VIRTUAL_INTERFACES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "vboxnet",
    "vmnet",
    "lxcbr",
    "lxdbr",
    "cni",
    "flannel",
    "podman",
    "tun",
    "tap",
    "utun",
    "wg",
    "tailscale",
    "zt",
)
DOCKER_DEFAULT = ipaddress.ip_network("172.17.0.0/16")  # virtual even when its name is unknown
# The usual ranges of a room's network, in the order tried: home and hotspot boxes, then
# companies' and schools' networks.
LAN_RANGES = tuple(
    ipaddress.ip_network(n) for n in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")
)
LINK_LOCAL_V4 = ipaddress.ip_network("169.254.0.0/16")  # no DHCP server answered
# Where the probes "connect" to find the default route's source: documentation addresses
# (RFC 5737, RFC 3849), so no real host is ever named, and no packet leaves anyway.
PROBES = {socket.AF_INET: "198.51.100.1", socket.AF_INET6: "2001:db8::1"}
LISTENING = "liane.listening"  # app.extensions: the address the command's server listens on
CACHE_SECONDS = 10.0  # the join screen may ask often; a network joined later shows soon
_cache: dict[bool, tuple[float, tuple[str, ...]]] = {}  # IPv6 too? -> (when, addresses)


@dataclass(frozen=True)
class Address:
    """One address of an interface (its name is "" when the source does not give it)."""

    ip: str
    interface: str = ""


def join_addresses(port: int, path: str, *, listening: str | None = None) -> list[str]:
    """The full URLs of `path` (e.g. "/live") that participants can open, the likely first;
    empty when no other machine can reach this server.

    The site's configured address (BASE_URL) comes first when the app has one that another
    machine can reach (not 127.0.0.1 or 0.0.0.0, which `liane serve` puts there by default).
    `listening` is the address the server listens on: 0.0.0.0 means every IPv4 address,
    "::" every address with IPv6's too, 127.0.0.1 none, any other itself. By default, the
    one `liane serve` or `liane workshop` listens on (LISTENING in app.extensions), else
    0.0.0.0 (gunicorn: its --bind is not known here)."""
    urls = []
    if has_app_context():
        base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
        if is_reachable_from_others(urlsplit(base).hostname or "localhost"):
            urls.append(base + path)
        if listening is None:
            listening = current_app.extensions.get(LISTENING)
    urls += [site_url(ip, port) + path for ip in hosts_for(listening or "0.0.0.0")]
    return list(dict.fromkeys(urls))


def site_url(host: str, port: int) -> str:
    """http://host:port, with an IPv6 address in brackets and no port when it is 80."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}" if port == 80 else f"http://{shown}:{port}"


def hosts_for(listening: str) -> list[str]:
    """The addresses at which other machines reach a server listening on `listening`, the
    likely first: none when it listens on 127.0.0.1 (this machine only)."""
    if listening in ("", "0.0.0.0"):
        return machine_addresses()
    if listening == "::":
        return machine_addresses(ipv6=True)
    return [listening] if is_reachable_from_others(listening) else []


def is_reachable_from_others(host: str) -> bool:
    """False for 127.0.0.1, ::1, localhost, 0.0.0.0 and :: (not an address to give out)."""
    if host == "localhost":
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name (formation.example.org)
    return not (ip.is_loopback or ip.is_unspecified)


def machine_addresses(ipv6: bool = False) -> list[str]:
    """Every address of this machine but loopback and IPv6 link-local, the likely first."""
    kept = _cache.get(ipv6)
    if kept is not None and time.monotonic() - kept[0] < CACHE_SECONDS:
        return list(kept[1])
    families = (socket.AF_INET, socket.AF_INET6) if ipv6 else (socket.AF_INET,)
    likely = [ip for ip in (route_source(f) for f in families) if ip]
    found = _listed_by_ip() or _listed_by_ifconfig() or _host_name_addresses()
    found += [Address(ip) for ip in likely]  # a source the listing missed still counts
    ranked = rank_addresses(found, likely)
    if not ipv6:
        ranked = [ip for ip in ranked if ":" not in ip]
    _cache[ipv6] = (time.monotonic(), tuple(ranked))
    return ranked


def rank_addresses(addresses: Iterable[Address], likely: Iterable[str] = ()) -> list[str]:
    """The usable addresses in the order to show them, each once: the `likely` ones first
    (the default route's sources, IPv4 before IPv6), then IPv4 on the room's usual ranges
    (192.168, 10, 172.16), other IPv4, self-assigned IPv4 (169.254), IPv6 (global before
    unique-local), virtual interfaces last; the given order within each."""
    preferred = [_normal(ip) for ip in likely]
    rows: dict[str, tuple[int, int, int, int]] = {}
    for index, address in enumerate(addresses):
        ip = _normal(address.ip)
        if ip in rows or not _usable(ip):
            continue
        place = preferred.index(ip) if ip in preferred else len(preferred)
        rows[ip] = (place, _is_virtual(address), _kind(ip), index)
    return sorted(rows, key=rows.__getitem__)


def route_source(family: socket.AddressFamily = socket.AF_INET) -> str | None:
    """The address the default route leaves from, or None (no route: a hotspot made by
    this machine, or no network). A UDP socket's connect() only picks the route."""
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((PROBES[family], 9))
            ip = str(probe.getsockname()[0])
    except OSError:
        return None
    return ip if _usable(_normal(ip)) else None


def _normal(ip: str) -> str:
    return ip.split("%")[0]  # fe80::1%eth0: the zone is not part of an address to show


def _usable(ip: str) -> bool:
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return False
    if parsed.is_loopback or parsed.is_unspecified or parsed.is_multicast:
        return False
    # An IPv6 link-local address needs its zone (%wlan0), which a phone's browser refuses.
    return not (parsed.version == 6 and parsed.is_link_local)


def _is_virtual(address: Address) -> int:
    if address.interface:
        return int(address.interface.lower().startswith(VIRTUAL_INTERFACES))
    ip = ipaddress.ip_address(_normal(address.ip))
    return int(ip.version == 4 and ip in DOCKER_DEFAULT)


def _kind(ip_text: str) -> int:
    ip = ipaddress.ip_address(ip_text)
    if ip.version == 6:
        return len(LAN_RANGES) + 2 + (0 if ip.is_global else 1)
    for rank, network in enumerate(LAN_RANGES):
        if ip in network:
            return rank
    return len(LAN_RANGES) + (1 if ip in LINK_LOCAL_V4 else 0)


def _run(command: list[str]) -> str:
    """The command's output, or "" when it is missing, fails or hangs."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def _listed_by_ip() -> list[Address]:
    """Linux's `ip -j addr` (iproute2; BusyBox's ip has no -j and gives nothing here)."""
    try:
        interfaces = json.loads(_run(["ip", "-j", "addr"]) or "[]")
    except ValueError:
        return []
    return [
        Address(str(info["local"]), str(interface.get("ifname", "")))
        for interface in interfaces
        for info in interface.get("addr_info", [])
        if info.get("local")
    ]


_IFCONFIG_INTERFACE = re.compile(r"^([^\s:]+):?\s")
_IFCONFIG_ADDRESS = re.compile(r"^\s+inet6?\s+(?:addr:\s*)?([0-9A-Fa-f.:%]+\w*)")


def _listed_by_ifconfig() -> list[Address]:
    return parse_ifconfig(_run(["ifconfig"]))


def parse_ifconfig(output: str) -> list[Address]:
    """`ifconfig`'s addresses (macOS, BSD, old Linux): `en0: flags=...` then indented
    `inet 192.168.1.20 netmask ...` (net-tools: `inet addr:192.168.1.20`) lines."""
    found: list[Address] = []
    interface = ""
    for line in output.splitlines():
        if header := _IFCONFIG_INTERFACE.match(line):
            interface = header.group(1)
        elif address := _IFCONFIG_ADDRESS.match(line):
            found.append(Address(address.group(1), interface))
    return found


def _host_name_addresses() -> list[Address]:
    """The host name's addresses: every interface's on Windows; only asked when neither
    command exists, as a badly configured resolver can take seconds to answer."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except (OSError, UnicodeError):
        return []
    return [Address(str(info[4][0])) for info in infos]
