"""The schema is usable, not only valid: a client generated from `/api/schema/` runs a real journey.

`openapi-python-client` (dev extra) generates a typed Python client into a temporary folder, offline
(no post-generation hooks: they would run formatters from elsewhere). The test imports it and, against
a live server on the demo data, signs in for a token, searches solutions, reads a consultant and its
free slots, books a consultation as an SME and lists it, and reads the public programme indicators,
asserting on the typed models the client returns (a response outside its schema would fail to parse).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-pass-2026"
SME = "dn1@demo.doanhnghiep.vn"
CONFIG = """\
project_name_override: dxm-client
package_name_override: dxm_client
post_hooks: []
content_type_overrides:
  image/svg+xml: application/octet-stream
"""


def _generate(schema: Path, folder: Path) -> None:
    generator = str(Path(sys.executable).with_name("openapi-python-client"))
    config = folder / "config.yml"
    config.write_text(CONFIG)
    result = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(schema),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(folder / "dxm_client"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # every operation made it into the client: the generator warns about what it had to leave out
    assert "Warning" not in result.stdout, result.stdout


@pytest.fixture
def dxm_client(client, tmp_path, monkeypatch):
    schema = tmp_path / "openapi.json"
    schema.write_bytes(client.get("/api/schema/", {"format": "json"}).content)
    _generate(schema, tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("dxm_client")
    for name in [name for name in sys.modules if name == "dxm_client" or name.startswith("dxm_client.")]:
        del sys.modules[name]


def test_a_generated_client_runs_the_sme_journey(live_server, dxm_client):
    call_command("seed_demo", verbosity=0)
    models = importlib.import_module("dxm_client.models")

    def api(operation: str):
        return importlib.import_module(f"dxm_client.api.{operation}")

    anonymous = dxm_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    # sign in for a token
    token = api("account.auth_token_create").sync(
        client=anonymous, body=models.AuthTokenRequest(username=SME, password=PASSWORD)
    )
    assert isinstance(token, models.AuthToken) and token.token
    sme = dxm_client.AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )

    # search solutions
    found = api("search.search").sync(client=anonymous, q="phần mềm", kind=["solution"])
    assert isinstance(found, models.SearchResponse)
    assert found.count > 0 and found.results
    assert all(isinstance(hit, models.SearchHit) and hit.kind == "solution" for hit in found.results)

    # read a consultant of the registry and its free slots
    registry = api("consultant_registry.consultants_list").sync(client=anonymous)
    assert isinstance(registry, models.PaginatedConsultantPublicList) and registry.results
    slots = consultant = None
    for listed in registry.results:
        consultant = api("consultant_registry.consultants_retrieve").sync(listed.id, client=anonymous)
        assert isinstance(consultant, models.ConsultantPublic) and consultant.certified
        slots = api("consultant_registry.consultants_slots_retrieve").sync(
            consultant.id, client=anonymous, days=21
        )
        assert isinstance(slots, models.ConsultantSlots)
        if slots.slots:
            break
    assert slots is not None and slots.slots, "no demo consultant has a free slot in three weeks"

    # as the SME: book the first free slot, then find it in my bookings
    booking = api("bookings.bookings_create").sync(
        client=sme,
        body=models.BookingCreateRequest(
            consultant=consultant.id,
            start=slots.slots[0],
            service_mode=models.ServiceModeEnum(consultant.service_modes[0]),
            topic="Tư vấn lộ trình chuyển đổi số cho cửa hàng bán lẻ",
        ),
    )
    assert isinstance(booking, models.Booking)
    assert booking.consultant == consultant.id
    assert booking.start_at == slots.slots[0]
    assert booking.status == models.BookingStatusEnum.REQUESTED
    mine = api("bookings.bookings_list").sync(client=sme, page_size=100)
    assert isinstance(mine, models.PaginatedBookingList)
    assert booking.id in [listed.id for listed in mine.results]

    # the public programme figures
    indicators = api("programme.programme_indicators_list").sync(client=anonymous)
    assert isinstance(indicators, models.ProgrammeIndicatorsListResponse200)
    assert indicators.to_dict()
