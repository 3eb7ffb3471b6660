"""localstripe for the tests that ask for it: one emulator per test session, started lazily.

`localstripe_url` starts `tests/localstripe_server.py` (127.0.0.1, a free port, no pickle file) the
first time a test needs it and stops it at the end of the session. `stripe_keys` points the settings
at it for one test (keys, API base, Stripe.js URL), empties the emulator first, and after the test
points its webhook at a closed port so a late event cannot reach the next test's server.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = "whsec_test_dxm"
WEBHOOK_ID = "dxm-tests"
CLOSED = "http://127.0.0.1:9/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_localstripe(timeout: float = 20.0) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.localstripe_server", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited with {process.returncode}")
        try:
            if requests.get(url + "/js.stripe.com/v3/", timeout=1).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("localstripe did not start")


def stop_localstripe(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def localstripe_url():
    process, url = start_localstripe()
    yield url
    stop_localstripe(process)


@dataclass
class LocalStripe:
    url: str
    secret: str = WEBHOOK_SECRET

    def webhooks_to(self, base_url: str) -> None:
        """localstripe signs and posts its events to our webhook endpoint on `base_url`."""
        response = requests.post(
            f"{self.url}/_config/webhooks/{WEBHOOK_ID}",
            data={"url": base_url.rstrip("/") + "/api/v1/stripe/webhook/", "secret": self.secret},
            timeout=5,
        )
        response.raise_for_status()

    def card_token(self, number: str = "4242424242424242") -> str:
        """What Stripe.js makes in the browser from the typed card (POST /v1/tokens with the public key)."""
        response = requests.post(
            f"{self.url}/v1/tokens",
            data={
                "card[number]": number,
                "card[exp_month]": "12",
                "card[exp_year]": "2030",
                "card[cvc]": "123",
                "key": "pk_test_dxm",
            },
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["id"]


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for `payload`, as Stripe (and localstripe) compute it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), b"%d." % timestamp + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(event_id: str, kind: str, obj: dict) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    ).encode()


@pytest.fixture
def stripe_keys(localstripe_url, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_dxm"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_dxm"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_JS_URL = localstripe_url + "/js.stripe.com/v3/"
    requests.delete(localstripe_url + "/_config/data", timeout=5).raise_for_status()
    emulator = LocalStripe(url=localstripe_url)
    emulator.webhooks_to(CLOSED)
    yield emulator
    emulator.webhooks_to(CLOSED)
