"""The main operations carry Vietnamese examples, and each example still finds its operation."""

import pytest

from marketplace.core.api.examples import PARAMETER_EXAMPLES, REQUEST_EXAMPLES, RESPONSE_EXAMPLES

pytestmark = pytest.mark.django_db


def test_every_example_lands_on_its_operation(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operations = {
        operation["operationId"]: operation
        for methods in schema["paths"].values()
        for operation in methods.values()
    }
    for operation_id, examples in REQUEST_EXAMPLES.items():
        content = operations[operation_id]["requestBody"]["content"]
        assert all(media["examples"] == examples for media in content.values())
    for operation_id, parameters in PARAMETER_EXAMPLES.items():
        by_name = {parameter["name"]: parameter for parameter in operations[operation_id]["parameters"]}
        for name, examples in parameters.items():
            assert by_name[name]["examples"] == examples
    for operation_id, statuses in RESPONSE_EXAMPLES.items():
        for status, examples in statuses.items():
            assert (
                operations[operation_id]["responses"][status]["content"]["application/json"]["examples"]
                == examples
            )
    assert "Lộ trình chuyển đổi số" in str(operations["bookings_create"]["requestBody"])
    # enums are still named components (the default hook runs first)
    assert "ServiceModeEnum" in schema["components"]["schemas"]
