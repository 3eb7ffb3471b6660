"""Compile .po files to .mo with polib, so no GNU gettext install is needed on a fresh machine."""

import gettext
from pathlib import Path

import polib
from asgiref.local import Local
from django.conf import settings
from django.utils.translation import trans_real


def po_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for top in ("marketplace", "consultants", "catalogue", "matching", "search"):
        found += sorted((base / top).rglob("locale/*/LC_MESSAGES/*.po"))
    return found


def _forget_loaded_catalogues() -> None:
    """Django caches catalogues per process on first use (app loading may already have used one), so
    a catalogue compiled in a running process would otherwise stay invisible until a restart."""
    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def compile_all(force: bool = False) -> int:
    compiled = 0
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    if compiled:
        _forget_loaded_catalogues()
    return compiled
