"""Default settings; each can be overridden by instance/config.py or a LIANE_* variable."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from engine.paths import BUNDLED_COURSES


def defaults(instance_path: str) -> dict[str, Any]:
    instance = Path(instance_path)
    return {
        "COURSES_DIR": str(BUNDLED_COURSES),  # LIANE_COURSES_DIR, `liane serve --courses`
        "DATABASE_URL": f"sqlite:///{instance / 'liane.sqlite3'}",
        # Sessions are signed cookies: every instance behind a load balancer must share it.
        "SECRET_KEY": os.environ.get("LIANE_SECRET_KEY") or _instance_secret(instance),
        "SELF_REGISTRATION": True,
        # The site's public address (https://formation.example.org): certificates print
        # their verification address on it. Never taken from a request's Host header.
        "BASE_URL": "",
        # Who issues the certificates: their name ends each certificate, beside their logo,
        # a file of the instance folder (instance/logo.svg, logo.png or logo.jpg, the first
        # found) unless ORGANISATION_LOGO names another. Without a name, certificates end
        # with no issuer's name (never Liane's).
        "ORGANISATION_NAME": "",
        "ORGANISATION_LOGO": "",
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "10 per minute",  # per address and email
        "LOGIN_RATE_LIMIT_PER_ADDRESS": "300 per minute",
        "PROXY_COUNT": 0,  # reverse proxies in front (nginx: 1): their X-Forwarded-For counts
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,  # set True (LIANE_SESSION_COOKIE_SECURE) behind HTTPS
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,  # "Stay signed in": a month
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "LANGUAGES": ["fr", "en"],
        "BABEL_DEFAULT_LOCALE": "fr",
        "IDLE_CUTOFF_SECONDS": 60,
        "HEARTBEAT_SECONDS": 30,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "COMPRESS": True,  # false when a reverse proxy compresses (see the README)
        # Email (invitations, forgotten passwords): sent only when SMTP_HOST, SMTP_SENDER
        # and BASE_URL are set; otherwise staff are shown the links to pass on by hand.
        "SMTP_HOST": "",
        "SMTP_PORT": 0,  # 0: the security's usual port (none 25, starttls 587, tls 465)
        "SMTP_SECURITY": "starttls",  # none | starttls | tls
        "SMTP_USER": "",
        "SMTP_PASSWORD": "",
        "SMTP_SENDER": "",  # From: "Liane <formation@example.org>"
        "INVITATION_DAYS": 7,  # how long an invitation's link works
    }


def _instance_secret(instance: Path) -> str:
    """A secret kept in the instance folder, so sessions survive restarts in development."""
    path = instance / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    key = secrets.token_hex(32)
    try:
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        pass
    return key
