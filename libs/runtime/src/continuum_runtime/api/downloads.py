"""Content-Disposition for downloads, safe for any file name (RFC 6266 and RFC 8187).

HTTP header values are Latin-1 on the wire: a name outside it (or with quotes, controls) would
fail as the response is sent. The plain `filename` carries an ASCII stand-in; `filename*`
carries the real name, UTF-8 percent-encoded, which every current client prefers.
"""

from __future__ import annotations

import re
from urllib.parse import quote

UNSAFE_IN_QUOTES = re.compile(r'[^\x20-\x7e]|["\\]')


def attachment(filename: str) -> str:
    fallback = UNSAFE_IN_QUOTES.sub("_", filename) or "download"
    encoded = quote(filename, safe="!#$&+-.^_`|~")
    if encoded == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
