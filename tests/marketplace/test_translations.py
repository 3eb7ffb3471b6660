from django.utils import translation

from marketplace.core import translations


def test_every_app_ships_a_vietnamese_catalogue():
    apps = {path.parents[3].name for path in translations.po_files()}
    assert {"marketplace", "consultants", "catalogue", "matching", "search"} <= apps


def test_catalogue_compiled_in_a_running_process_is_used_at_once():
    # A fresh clone has no .mo files, and Django may have cached the (empty) catalogues while the
    # apps loaded: compiling in the running process (manage.py demo, the test run) must still work.
    for po in translations.po_files():
        po.with_suffix(".mo").unlink(missing_ok=True)
    translations._forget_loaded_catalogues()
    with translation.override("vi"):
        assert translation.gettext("DX Marketplace") == "DX Marketplace"
    assert translations.compile_all() >= 5
    with translation.override("vi"):
        assert translation.gettext("DX Marketplace") == "Sàn kết nối CĐS"
