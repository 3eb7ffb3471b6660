"""The OpenAPI schema is a contract: schemathesis, all checks, every operation, anonymous and each role.

Runs the schemathesis CLI (the one the README's deep fuzz uses) against a live server on the demo
data, with a bounded number of examples per operation so CI stays within a few minutes. Any failure
(server error, a response outside its schema, an undocumented status, a schema-valid request refused,
a schema-invalid one accepted…) fails the test with schemathesis' report, which holds a `curl` line
reproducing each failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.api_contract]

EXAMPLES = int(os.environ.get("API_CONTRACT_EXAMPLES", "5"))
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
PHASES = os.environ.get("API_CONTRACT_PHASES", "examples,fuzzing")

ROLES = {
    "anonymous": None,
    "enterprise": "dn1@demo.doanhnghiep.vn",
    "consultant": "tuvan011@demo.dongnai.vn",
    "vendor": "ncc1@demo.nhacungcap.vn",
    "officer": "canbo1@sokhcn.dongnai.gov.vn",
}


def _st() -> str:
    return str(Path(sys.executable).with_name("st"))


def _token(email: str) -> str:
    from rest_framework.authtoken.models import Token

    from marketplace.accounts.models import User

    return Token.objects.get_or_create(user=User.objects.get(email=email))[0].key


def test_every_operation_keeps_its_contract_for_every_role(live_server, client, tmp_path):
    from django.core.cache import cache

    # One seeding for all roles (it is the slow part); roles run one after another on that data.
    call_command("seed_demo", verbosity=0)
    schema = tmp_path / "openapi.json"
    schema.write_bytes(client.get("/api/schema/", {"format": "json"}).content)
    reports = {}
    for role, email in ROLES.items():
        cache.clear()  # throttles start empty for each role
        command = [
            _st(),
            "--config-file",
            str(CONFIG),
            "run",
            str(schema),
            "--url",
            live_server.url,
            "--checks",
            "all",
            # Speed is measured by the benchmarks, not here: on a loaded CI machine one request can
            # exceed schemathesis' default 10 s without any contract being broken
            "--max-response-time",
            "300",
            "--max-examples",
            str(EXAMPLES),
            "--phases",
            PHASES,
            "--seed",
            "2026",
            "--generation-database",
            "none",
            "--no-color",
        ]
        if email:
            command += ["--header", f"Authorization: Token {_token(email)}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
        if result.returncode != 0:
            reports[role] = result.stdout[-15000:] + result.stderr[-2000:]
    assert not reports, "\n\n".join(f"===== {role} =====\n{text}" for role, text in reports.items())
