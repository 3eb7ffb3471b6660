"""Load the network's published criteria from consultants/data/network_criteria.json (idempotent)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "network_criteria.json"


def load_network_criteria(model, path: Path = DATA_FILE) -> int:
    """Create or update each version; exactly the version marked current in the file becomes current."""
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    current = None
    for entry in payload["versions"]:
        obj, _created = model.objects.update_or_create(
            version=entry["version"],
            defaults={
                "title_vi": entry["title_vi"],
                "title_en": entry.get("title_en", ""),
                "published_on": date.fromisoformat(entry["published_on"]),
                "items": entry["items"],
            },
        )
        if entry.get("is_current"):
            current = obj
    if current is not None:
        model.objects.exclude(pk=current.pk).filter(is_current=True).update(is_current=False)
        model.objects.filter(pk=current.pk).update(is_current=True)
    return len(payload["versions"])
