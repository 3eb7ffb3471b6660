"""The solution editor and the API accept exactly the content the service stores (content.CONTENT_FIELDS):
a field added to one and forgotten in another would be silently dropped or refused."""

from catalogue.api.serializers import SolutionInputSerializer, SolutionPublicSerializer, VendorSerializer
from catalogue.content import CONTENT_FIELDS
from catalogue.forms import SolutionForm, VendorForm
from catalogue.services import VENDOR_FIELDS


def test_the_solution_editor_has_exactly_the_content_fields():
    assert set(SolutionForm.base_fields) == set(CONTENT_FIELDS)


def test_the_solution_api_accepts_exactly_the_content_fields_and_the_vendor():
    assert set(SolutionInputSerializer().fields) == {"vendor", *CONTENT_FIELDS}


def test_the_public_solution_shows_every_content_field():
    assert set(CONTENT_FIELDS) <= set(SolutionPublicSerializer().fields)


def test_vendor_form_and_api_write_exactly_the_fields_the_service_stores():
    writable = {name for name, field in VendorSerializer().fields.items() if not field.read_only}
    assert list(VendorForm.base_fields)[: len(VENDOR_FIELDS)] == list(VENDOR_FIELDS)
    assert writable == set(VENDOR_FIELDS)
