"""Join links and their QR codes."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno


def join_url(base: str, code: str, *, invite: str | None = None) -> str:
    """`<base>/?code=CODE` (and `&invite=TOKEN` for a personal invitation)."""
    query = {"code": code} | ({"invite": invite} if invite else {})
    return f"{base.rstrip('/')}/?{urlencode(query)}"


def qr_png(url: str, *, size: int = 720) -> bytes:
    """A QR code of `url` as a PNG about `size` pixels wide, with its quiet zone."""
    code = segno.make(url, error="m")
    width, _height = code.symbol_size(border=4)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(4, size // width), border=4, dark="#111111")
    return buffer.getvalue()


def spaced(code: str) -> str:
    """A generated six-letter join code written for reading aloud: `ABC DEF`."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code
