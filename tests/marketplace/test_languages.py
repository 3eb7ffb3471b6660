"""Languages are one taxonomy loaded from data/taxonomy/languages.csv, offered alike to consultants
and solutions."""

from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.exceptions import ValidationError

from catalogue.forms import SolutionForm
from consultants.forms import ConsultantProfileForm
from marketplace.taxonomy.models import Language
from marketplace.taxonomy.selectors import language_choices
from marketplace.taxonomy.serializers import LanguageCodesField

pytestmark = pytest.mark.django_db


def test_a_language_added_to_the_data_file_is_offered_after_load_taxonomies(tmp_path, settings):
    for path in Path(settings.TAXONOMY_DATA_DIR).glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "languages.csv").open("a", encoding="utf-8") as handle:
        handle.write("th,Tiếng Thái,Thai,ไทย,9\n")
    call_command("load_taxonomies", data_dir=str(tmp_path), verbosity=0)
    assert Language.objects.get(code="th").native_name == "ไทย"
    assert "th" in dict(ConsultantProfileForm().fields["languages"].choices)


def test_consultants_and_solutions_offer_the_same_languages():
    consultant = dict(ConsultantProfileForm().fields["languages"].choices)
    solution = dict(SolutionForm().fields["languages"].choices)
    assert consultant == solution == dict(language_choices())
    assert {"fr", "de"} <= set(solution)  # the catalogue's own list used to lack them


def test_the_api_refuses_a_language_outside_the_taxonomy():
    field = LanguageCodesField()
    assert field.run_validation(["vi", "km"]) == ["vi", "km"]
    with pytest.raises(ValidationError) as refused:
        field.run_validation(["vi", "xx"])
    assert "xx" in str(refused.value.detail)
