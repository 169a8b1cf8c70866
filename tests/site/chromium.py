"""The system's Chromium for the browser tests, and the built site served to it.

Chromium comes from the system (Debian's ``chromium``; Playwright's own download is not
reachable here). Without it the browser tests are skipped, unless
DENSEBOOK_BROWSER_TESTS=required (set by .ci/run), which turns a missing browser into a
failure. The ``server`` and ``browser`` fixtures (``conftest.py``) use what is here.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("DENSEBOOK_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("DENSEBOOK_BROWSER_TESTS") == "required"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_without_chromium() -> None:
    """At a browser test module's top: skip it without Chromium (fail, where required)."""
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (install Debian's chromium, or set DENSEBOOK_CHROMIUM)"
        if REQUIRED:
            pytest.fail(f"browser tests are required here, but {reason}", pytrace=False)
        pytest.skip(reason, allow_module_level=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1 (a free port) while the block runs; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
