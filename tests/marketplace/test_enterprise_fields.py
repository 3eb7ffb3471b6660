"""The enterprise form and API write exactly the profile fields the service stores."""

from marketplace.enterprises.api.serializers import EnterpriseSerializer
from marketplace.enterprises.forms import EnterpriseForm
from marketplace.enterprises.services import EDITABLE_FIELDS, PROFILE_FIELDS


def test_form_and_api_write_exactly_the_profile_fields():
    writable = {name for name, field in EnterpriseSerializer().fields.items() if not field.read_only}
    assert list(EnterpriseForm.base_fields) == list(PROFILE_FIELDS)
    assert writable == set(PROFILE_FIELDS)


def test_sectors_are_written_apart_from_the_scalar_fields():
    assert set(PROFILE_FIELDS) - set(EDITABLE_FIELDS) == {"sectors"}
