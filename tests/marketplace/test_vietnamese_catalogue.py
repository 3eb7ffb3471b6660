"""Our Vietnamese translations reach the page: no other catalogue shadows them with English."""

import polib
from django.utils import translation

from marketplace.core import translations


def test_no_translated_message_of_ours_comes_out_in_english():
    shadowed = []
    with translation.override("vi"):
        for po_path in translations.po_files():
            for entry in polib.pofile(str(po_path)):
                if entry.obsolete or entry.msgid_plural or entry.msgctxt or not entry.translated():
                    continue
                if entry.msgstr != entry.msgid and translation.gettext(entry.msgid) == entry.msgid:
                    shadowed.append(entry.msgid)
    # e.g. "version": a third-party catalogue earlier in INSTALLED_APPS "translates" it as "version"
    assert shadowed == []


def test_phone_menu_button_is_vietnamese(client, db):
    page = client.get("/").content.decode()
    assert "Danh mục" in page
    assert ">\n        Menu\n" not in page and "Menu</button>" not in page
