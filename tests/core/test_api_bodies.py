"""Bodies and paths the API cannot mean are refused in the one error shape, for every endpoint.

A JSON body that is not an object, a multipart body whose parts name no field, a form sent where a
field holds an object, and a path id that is not a number: each is a 4xx, never a silent no-op or a 500.
"""

import pytest

from marketplace.enterprises.models import Enterprise
from tests.consultants.factories import make_consultant
from tests.factories import UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    return body


@pytest.mark.parametrize("body", ["[1, 2]", "[]", "42", '"tên"', "null", "true"])
def test_a_json_body_that_is_not_an_object_is_a_400(api_client, enterprise, body):
    api_client.force_authenticate(enterprise_owner(enterprise))
    response = api_client.patch(
        f"/api/v1/enterprises/{enterprise.pk}/", body, content_type="application/json"
    )
    assert_error(response, 400, "parse_error")
    enterprise.refresh_from_db()
    assert enterprise.name.startswith("Công ty TNHH Thử Nghiệm")


def test_a_multipart_body_without_named_parts_is_a_400_and_changes_nothing(api_client, enterprise):
    api_client.force_authenticate(enterprise_owner(enterprise))
    boundary = "b0undary"
    body = f"--{boundary}\r\n\r\n[{{}}, 1, 2]\r\n--{boundary}--\r\n"
    response = api_client.generic(
        "PATCH",
        f"/api/v1/enterprises/{enterprise.pk}/",
        body.encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert_error(response, 400, "parse_error")
    name = Enterprise.objects.get(pk=enterprise.pk).name
    assert name == enterprise.name


def test_an_empty_multipart_form_is_still_an_empty_update(api_client, enterprise):
    api_client.force_authenticate(enterprise_owner(enterprise))
    boundary = "b0undary"
    response = api_client.generic(
        "PATCH",
        f"/api/v1/enterprises/{enterprise.pk}/",
        f"--{boundary}--\r\n".encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 200


def test_a_form_with_named_fields_still_works(api_client, enterprise):
    api_client.force_authenticate(enterprise_owner(enterprise))
    response = api_client.patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"address": "2 Đường Đồng Khởi"}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["address"] == "2 Đường Đồng Khởi"


def test_a_form_cannot_carry_an_object_field_so_it_is_refused(api_client):
    # criteria_answers is an object: read from a form it would silently become {} and wipe the answers
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    created = api_client.post(
        "/api/v1/certification-applications/", {"statement": "Mười năm tư vấn."}, format="json"
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/certification-applications/{created.json()['id']}/"
    response = api_client.patch(url, {"statement": "", "criteria_answers": '{"c1": ""}'}, format="multipart")
    assert_error(response, 415, "unsupported_media_type")
    assert api_client.get(url).json()["statement"] == "Mười năm tư vấn."


def test_the_schema_offers_one_encoding_json_or_multipart_for_files(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]

    def encodings(path, method):
        return list(paths[path][method]["requestBody"]["content"])

    assert encodings("/api/v1/certification-applications/", "post") == ["application/json"]
    assert encodings("/api/v1/enterprises/{id}/", "patch") == ["application/json"]
    assert encodings("/api/v1/certification-applications/{id}/evidence/", "post") == ["multipart/form-data"]
    assert encodings("/api/v1/milestones/{id}/deliver/", "post") == ["multipart/form-data"]


@pytest.mark.parametrize("segment", ["abc", "1.5", "-1", "true", "%C2%B2", "1" * 19])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/orders/{}/end/"),
        ("post", "/api/v1/milestones/{}/resolve/"),
        ("get", "/api/v1/bookings/{}/"),
    ],
)
def test_a_path_id_that_is_not_a_number_is_a_404(api_client, method, path, segment):
    api_client.force_authenticate(UserFactory())
    response = getattr(api_client, method)(path.format(segment), {}, format="json")
    assert_error(response, 404, "not_found")
