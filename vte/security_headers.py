"""Security headers on every response (pages, JSON API, files), set in one `after_request` hook.

- `Content-Security-Policy`: scripts, styles, fonts and connections from this origin only, no
  inline script or style, no plugin, no framing (`frame-ancestors 'none'`), forms post here only.
  Images may also come from `data:` URIs (the page icon, Swagger UI's icons) and from the map tile
  server when one is configured (`VTE_MAP_TILE_URL`); nothing else is loaded from elsewhere: the
  front-end libraries are served by the app.
- `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for browsers without CSP level 2),
  `Referrer-Policy: same-origin` (addresses carry offer and application ids: they stay here),
  `Cross-Origin-Opener-Policy: same-origin`, and a `Permissions-Policy` that turns off the
  sensors nobody here uses.
- `Strict-Transport-Security` only on requests that arrived over HTTPS: directly, or through the
  `VTE_PROXY_COUNT` trusted proxies (ProxyFix then sets the scheme from `X-Forwarded-Proto`). On
  plain HTTP (`VTE_ENV=local` on 127.0.0.1) the header would be ignored, or worse, pin a host that
  has no certificate.
- `Cache-Control: no-store` on everything but static files: every page carries the session's CSRF
  token and most show personal data, and every API answer may; no browser or shared cache keeps
  them. A view that sets its own `Cache-Control` keeps it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, Response, request

HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
_PLACEHOLDER_LABEL = re.compile(r"^\{[a-z]+\}\.")


def tile_source(tile_url: str | None) -> str | None:
    """The CSP source of a Leaflet tile URL template: its origin, a `{s}.` subdomain placeholder
    becoming `*.`; a scheme only (e.g. `https:`) when the host holds another placeholder."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = _PLACEHOLDER_LABEL.sub("*.", parts.netloc)
    if "{" in host or "}" in host:
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str | None = None) -> str:
    images = ["'self'", "data:"]
    tiles = tile_source(tile_url)
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(images),
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def is_static(endpoint: str | None) -> bool:
    """Files of the app's or a blueprint's static folder (`static`, `web.static`): public, cacheable."""
    return bool(endpoint) and (endpoint == "static" or endpoint.endswith(".static"))


def init_security_headers(app: Flask) -> None:
    policy = content_security_policy(app.config.get("VTE_MAP_TILE_URL"))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if not is_static(request.endpoint) and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store"
        return response
