import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/enterprises/" in text
    assert "/api/v1/me/" in text


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def test_every_operation_documents_the_errors_it_can_give(schema):
    for path, method, operation in _operations(schema):
        for status in ("400", "401", "404"):
            content = operation["responses"][status]["content"]
            # Vietnamese examples may sit beside the schema (marketplace/core/api/examples.py)
            assert {media: {"schema": body["schema"]} for media, body in content.items()} == ERROR_REF, (
                method,
                path,
                status,
            )
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            assert {"409", "415"} <= set(operation["responses"]), (method, path)
            # the writes anyone may send: the token exchange and Stripe's signed webhook
            if path not in ("/api/v1/auth/token/", "/api/v1/stripe/webhook/"):
                assert "403" in operation["responses"], (method, path)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message", "fields"}


def test_public_reads_do_not_promise_a_403_but_protected_ones_do(schema):
    assert "403" not in schema["paths"]["/api/v1/solutions/"]["get"]["responses"]
    assert "403" in schema["paths"]["/api/v1/me/"]["get"]["responses"]


def test_throttled_operations_document_429(schema):
    assert "429" in schema["paths"]["/api/v1/search/"]["get"]["responses"]
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" not in schema["paths"]["/api/v1/solutions/"]["get"]["responses"]


def test_operations_are_tagged_by_what_users_do(schema):
    tags = {(path, method): operation["tags"] for path, method, operation in _operations(schema)}
    assert tags[("/api/v1/bookings/", "POST")] == ["bookings"]
    assert tags[("/api/v1/enterprises/{id}/recommendations/", "GET")] == ["recommendations"]
    assert tags[("/api/v1/consultants/", "GET")] == ["consultant-registry"]
    ids = [operation["operationId"] for _, _, operation in _operations(schema)]
    assert len(ids) == len(set(ids))


def test_image_urls_are_nullable(schema):
    properties = schema["components"]["schemas"]["ImageUrls"]["properties"]
    assert all(properties[name].get("nullable") for name in ("original", "thumbnail", "icon"))


def test_page_parameters_state_their_minimum(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/solutions/"]["get"]["parameters"]}
    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"]["minimum"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "0", "-3", "null", "2.5"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_a_field_error(api_client, value):
    response = api_client.get("/api/v1/solutions/", {"page_size": value})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "page_size" in response.json()["fields"]


@pytest.mark.django_db
def test_a_page_size_above_the_cap_is_served_at_the_cap(api_client):
    response = api_client.get("/api/v1/solutions/", {"page_size": 500})
    assert response.status_code == 200


def test_filter_parameters_state_what_the_filter_enforces(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/solutions/"]["get"]["parameters"]}
    assert parameters["ai"] == {**parameters["ai"], "type": "string", "enum": ["false", "true"]}
    assert (parameters["readiness"]["minimum"], parameters["readiness"]["maximum"]) == (0, 5)
    assert parameters["price_min"]["minimum"] == 0


def test_sort_parameters_carry_their_allowed_terms_as_a_pattern(schema):
    import re

    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/vendors/"]["get"]["parameters"]}
    pattern = re.compile(parameters["sort"]["pattern"])
    assert pattern.match("-published_count,name")
    assert not pattern.match("name,unknown")
    assert pattern.match("")  # the default order


def test_wall_clock_times_are_not_declared_as_rfc3339_times(schema):
    start_time = schema["components"]["schemas"]["AvailabilityRule"]["properties"]["start_time"]
    assert "format" not in start_time
    assert start_time["pattern"].startswith("^")


def test_the_review_list_documents_the_rows_it_returns(schema):
    content = schema["paths"]["/api/v1/review/solutions/"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"]["$ref"].endswith("PaginatedVendorSolutionList")


def _request_schema(schema, path, method):
    body = schema["paths"][path][method]["requestBody"]["content"]
    ref = next(iter(body.values()))["schema"]["$ref"].rsplit("/", 1)[-1]
    return schema["components"]["schemas"][ref]


def test_request_schemas_state_what_the_serializers_refuse(schema):
    engagement = _request_schema(schema, "/api/v1/engagements/", "post")["properties"]
    assert (engagement["milestones"]["minItems"], engagement["milestones"]["maxItems"]) == (1, 20)
    assert engagement["scope"]["pattern"] == r"\S"  # "  " is trimmed to blank and refused
    answers = _request_schema(schema, "/api/v1/assessments/{id}/answer/", "post")["properties"]["answers"]
    assert answers["minProperties"] == 1
    dismiss = _request_schema(schema, "/api/v1/enterprises/{id}/recommendations/dismiss/", "post")
    kind = dismiss["properties"]["kind"]
    if "$ref" in kind:
        kind = schema["components"]["schemas"][kind["$ref"].rsplit("/", 1)[-1]]
    assert kind["enum"] == ["consultant", "solution"]


def test_private_vendor_fields_are_null_in_answers_only(schema):
    request = _request_schema(schema, "/api/v1/vendors/", "post")["properties"]
    answer = schema["components"]["schemas"]["Vendor"]["properties"]
    for name in ("tax_code", "contact_name", "contact_email"):
        assert "nullable" not in request[name] and answer[name]["nullable"] is True, name


@pytest.mark.django_db
def test_a_null_private_field_is_refused_with_the_field_named(api_client):
    from tests.factories import UserFactory

    api_client.force_authenticate(UserFactory())
    response = api_client.post("/api/v1/vendors/", {"contact_email": None}, format="json")
    assert response.status_code == 400
    assert "contact_email" in response.json()["fields"]


def test_officer_only_filters_document_their_403(schema):
    assert "403" in schema["paths"]["/api/v1/reviews/"]["get"]["responses"]
    assert "403" not in schema["paths"]["/api/v1/solutions/"]["get"]["responses"]


@pytest.mark.django_db
def test_taxonomy_choice_filters_list_their_codes():
    from drf_spectacular.generators import SchemaGenerator

    from marketplace.taxonomy.models import Language

    # the rows a data migration loads (a transactional test elsewhere may have flushed them)
    for position, code in enumerate(("vi", "en")):
        Language.objects.get_or_create(
            code=code, defaults={"name_vi": code, "name_en": code, "position": position}
        )
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/consultants/"]["get"]["parameters"]
    }
    assert parameters["language"]["enum"] == list(Language.objects.values_list("code", flat=True))
