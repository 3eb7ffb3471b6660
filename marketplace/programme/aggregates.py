"""Keeping the indicator aggregates current (models.IndicatorFact / IndicatorCell).

The choice: a dirty set written by database triggers, applied by whoever reads next or by the task
runner, whichever comes first.

- *Capture.* Every table a scoped source watches (see registry.register_source) carries a trigger
  that inserts the enterprise of each inserted, changed or deleted row into ``DirtyEnterprise``, in
  the writing transaction. So the mark commits exactly with the change, or rolls back with it, and
  nothing escapes it: queryset ``update()``, ``bulk_create``, cascades and raw SQL fire no Django
  signals but do fire triggers. The cost per write is one small insert (measured by
  benchmarks/indicators.py).
- *Apply.* ``apply_pending`` takes the dirty enterprises in batches, recomputes each one's facts from
  the scoped sources (one query per source, filtered to the batch), picks the counted fact per unit,
  and adds the difference to the cells (``facts = facts + excluded.facts`` upserts). One enterprise's
  facts depend only on its own records, so recomputing it is exact and cheap, however large the
  programme. The beat job ``programme.aggregates_apply`` runs it every few seconds; before reading,
  ``ensure_current`` applies whatever is still pending, so a page never shows a number older than the
  last committed change (read-your-writes) and usually finds nothing to do (two cheap queries).
  Applying on commit from the writing request instead would put the cost on every write request and
  lose the work when the process dies between commit and apply; the dirty rows cannot be lost.
- *One applier at a time.* Appliers take a PostgreSQL transaction-level advisory lock; a reader that
  cannot get it reads the aggregates as they are (the holder is applying, milliseconds behind). On
  SQLite, write transactions are already serialised (BEGIN IMMEDIATE).
- *Old-style sources* (registered without ``watch``) cannot say which enterprises changed: they are
  recomputed in full whenever one of their indicators is read, exactly as before pre-aggregation
  (correct, not fast). A scoped source seen for the first time (no ``SourceState``) is computed in
  full once; ``manage.py indicators_rebuild`` recomputes everything (after a bulk load with triggers
  off, or to check): on PostgreSQL set-based, from the SQL form each scoped source offers (see
  ``rebuild``), elsewhere row by row in Python.

Facts without an enterprise can only come from old-style sources (a scoped source is asked by
enterprise). Stock indicators (certified consultants at a moment) are small registries and stay
computed from their source on read.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from marketplace.enterprises.models import Enterprise

from .models import DirtyEnterprise, IndicatorCell, IndicatorFact, SourceState
from .registry import ENTERPRISE_CUTS, Fact, SourceInfo, definitions, source_infos

logger = logging.getLogger(__name__)

UNKNOWN = ""
ADVISORY_LOCK_KEY = 7_180_018  # "programme aggregates" (any constant unique in the project)
APPLY_BATCH = 500
Bucket = int | None  # an enterprise id; None for facts without an enterprise


# ---- enterprise cuts -------------------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseFacts:
    name: str
    tax_code: str
    section: str
    ward: str
    size: str


def enterprise_facts(ids: Iterable[int | None]) -> dict[int, EnterpriseFacts]:
    ids = sorted({i for i in ids if i is not None})
    result = {}
    for start in range(0, len(ids), 5000):
        rows = Enterprise.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk",
            "name",
            "tax_code",
            "primary_sector__code",
            "primary_sector__parent__code",
            "ward__code",
            "size_class",
        )
        for pk, name, tax_code, sector, section, ward, size in rows:
            result[pk] = EnterpriseFacts(
                name, tax_code, section or sector or UNKNOWN, ward or UNKNOWN, size or UNKNOWN
            )
    return result


# ---- triggers --------------------------------------------------------------------------------


def watched_tables() -> dict[str, str]:
    """db table -> column holding the enterprise id, for every table a scoped source watches."""
    tables = {Enterprise._meta.db_table: Enterprise._meta.pk.column}
    for info in source_infos():
        for label, column in info.watch:
            tables[apps.get_model(label)._meta.db_table] = column
    return tables


def _trigger_sql(vendor: str, table: str, column: str) -> list[str]:
    dirty = DirtyEnterprise._meta.db_table
    name = f"programme_dirty_{table}"[:55]
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF OLD.{column} IS NOT NULL THEN INSERT INTO {dirty} (enterprise_id) VALUES (OLD.{column}); END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.{column} IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.{column} IS DISTINCT FROM OLD.{column}) THEN
      INSERT INTO {dirty} (enterprise_id) VALUES (NEW.{column});
    END IF;
  END IF;
  RETURN NULL;
END $$""",
            f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
            f'CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {name}_fn()",
        ]
    return [
        f'CREATE TRIGGER IF NOT EXISTS {name}_ins AFTER INSERT ON "{table}" WHEN NEW.{column} IS NOT NULL '
        f"BEGIN INSERT INTO {dirty} (enterprise_id) VALUES (NEW.{column}); END",
        f'CREATE TRIGGER IF NOT EXISTS {name}_upd AFTER UPDATE ON "{table}" BEGIN '
        f"INSERT INTO {dirty} (enterprise_id) SELECT OLD.{column} WHERE OLD.{column} IS NOT NULL; "
        f"INSERT INTO {dirty} (enterprise_id) SELECT NEW.{column} "
        f"WHERE NEW.{column} IS NOT NULL AND NEW.{column} IS NOT OLD.{column}; END",
        f'CREATE TRIGGER IF NOT EXISTS {name}_del AFTER DELETE ON "{table}" WHEN OLD.{column} IS NOT NULL '
        f"BEGIN INSERT INTO {dirty} (enterprise_id) VALUES (OLD.{column}); END",
    ]


def install_triggers(using: str = "default") -> list[str]:
    """(Re)create the dirty-marking trigger on every watched table; returns the tables. Idempotent;
    run after every migrate (post_migrate) and by ``indicators_rebuild``."""
    from django.db import connections

    conn = connections[using]
    existing = set(conn.introspection.table_names())
    tables = [t for t in watched_tables() if t in existing]
    if DirtyEnterprise._meta.db_table not in existing:
        return []
    with conn.cursor() as cursor:
        for table in tables:
            for statement in _trigger_sql(conn.vendor, table, watched_tables()[table]):
                cursor.execute(statement)
    return tables


def set_triggers_enabled(enabled: bool) -> None:
    """PostgreSQL only: switch the triggers off for a bulk load (then run a rebuild)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in watched_tables():
            name = f"programme_dirty_{table}"[:55]
            cursor.execute(f'ALTER TABLE "{table}" {"ENABLE" if enabled else "DISABLE"} TRIGGER {name}')


# ---- computing rows and cells --------------------------------------------------------------


def _month(day: date) -> date:
    return day.replace(day=1)


def _cells_of(row) -> Iterator[tuple[str, str, str, date, str]]:
    yield (row.indicator, "", "", row.month, row.group_key)
    for cut in ENTERPRISE_CUTS:
        yield (row.indicator, cut, getattr(row, cut), row.month, row.group_key)
    for name, value in sorted(row.dimensions.items()):
        yield (row.indicator, name, str(value)[:64], row.month, row.group_key)


@dataclass(slots=True)
class _Row:
    """A fact row to store (an IndicatorFact without the ORM's cost per instance)."""

    indicator: str
    source: str
    unit: str
    record: str
    on: date
    month: date
    enterprise_id: int | None
    group_key: str
    amount: int
    section: str
    ward: str
    size: str
    dimensions: dict
    counted: bool = False

    def model(self) -> IndicatorFact:
        return IndicatorFact(**{name: getattr(self, name) for name in self.__slots__})

    def copy_values(self, columns: Iterable[str], **extra) -> tuple:
        """The row in the order of a COPY's column list, so each table names its columns once; values
        not on the row (the staging rank) come as keywords, and dimensions as the JSON text COPY reads
        into jsonb (psycopg adapts no plain dict)."""
        import json

        values = {**extra, "dimensions": json.dumps(self.dimensions)}
        return tuple(values[name] if name in values else getattr(self, name) for name in columns)


def _rows(facts: Iterable[tuple[str, str, Fact]], firms: dict[int, EnterpriseFacts]) -> list[_Row]:
    """Fact rows with their enterprise's cuts; the earliest fact of each (indicator, unit) counts."""
    rows, first = [], {}
    for indicator, source, fact in facts:
        firm = firms.get(fact.enterprise_id)
        row = _Row(
            indicator=indicator,
            source=source,
            unit=fact.unit[:64],
            record=fact.record[:64],
            on=fact.on,
            month=_month(fact.on),
            enterprise_id=fact.enterprise_id,
            group_key=fact.group[:32],
            amount=fact.amount,
            section=firm.section if firm else UNKNOWN,
            ward=firm.ward if firm else UNKNOWN,
            size=firm.size if firm else UNKNOWN,
            dimensions={str(k): str(v) for k, v in (fact.dimensions or {}).items()},
        )
        rows.append(row)
        key = (indicator, row.unit)
        kept = first.get(key)
        if kept is None or (row.on, row.record) < (kept.on, kept.record):
            first[key] = row
    for row in first.values():
        row.counted = True
    return rows


def _as_fact(row: IndicatorFact) -> Fact:
    return Fact(
        unit=row.unit,
        record=row.record,
        on=row.on,
        enterprise_id=row.enterprise_id,
        group=row.group_key,
        amount=row.amount,
        dimensions=row.dimensions or {},
    )


def _add_cells(delta: Counter, rows: Iterable, sign: int) -> None:
    for row in rows:
        if row.counted:
            for key in _cells_of(row):
                delta[(*key, "f")] += sign
                delta[(*key, "a")] += sign * row.amount


def _write_cells(delta: Counter, *, empty: bool = False) -> None:
    """Add the delta to the cells (``empty``: the table is empty, as in a rebuild: plain COPY)."""
    merged: dict[tuple, list[int]] = {}
    for (*key, kind), value in delta.items():
        pair = merged.setdefault(tuple(key), [0, 0])
        pair[0 if kind == "f" else 1] += value
    values = sorted((k, v) for k, v in merged.items() if v != [0, 0])
    table = IndicatorCell._meta.db_table
    if empty and connection.vendor == "postgresql":
        connection.ensure_connection()
        statement = f"COPY {table} (indicator, cut, value, month, group_key, facts, amount) FROM STDIN"
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for key, (facts, amount) in values:
                copy.write_row((*key, facts, amount))
        return
    with connection.cursor() as cursor:
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [p for (key, (facts, amount)) in chunk for p in (*key, facts, amount)]
            cursor.execute(
                f"INSERT INTO {table} (indicator, cut, value, month, group_key, facts, amount) "
                f"VALUES {placeholders} ON CONFLICT (indicator, cut, value, month, group_key) DO UPDATE "
                f"SET facts = {table}.facts + excluded.facts, amount = {table}.amount + excluded.amount",
                params,
            )


def _bucket_filter(buckets: Iterable[Bucket]) -> Q:
    buckets = set(buckets)
    ids = sorted(b for b in buckets if b is not None)
    query = Q(enterprise_id__in=ids)
    if None in buckets:
        query |= Q(enterprise_id__isnull=True)
    return query


def _registered() -> dict[tuple[str, str], SourceInfo]:
    return {(i.indicator, i.name): i for i in source_infos() if definitions()[i.indicator].kind == "flow"}


def recompute(buckets: set[Bucket], fresh: dict[tuple[str, str], list[Fact]]) -> None:
    """Replace the facts of these enterprises: ``fresh`` holds the new facts of the sources recomputed
    (for exactly these enterprises); other registered sources keep their stored facts. Cells move by
    the difference. Call inside a transaction holding the applier lock."""
    if not buckets:
        return
    registered = _registered()
    old = list(IndicatorFact.objects.filter(_bucket_filter(buckets)))
    kept = [
        (r.indicator, r.source, _as_fact(r))
        for r in old
        if (r.indicator, r.source) not in fresh and (r.indicator, r.source) in registered
    ]
    new_facts = kept + [(k[0], k[1], f) for k, facts in fresh.items() for f in facts]
    new = _rows(new_facts, enterprise_facts(buckets))
    delta: Counter = Counter()
    _add_cells(delta, old, -1)
    _add_cells(delta, new, +1)
    ids = [r.pk for r in old]
    for start in range(0, len(ids), 5000):
        IndicatorFact.objects.filter(pk__in=ids[start : start + 5000]).delete()
    IndicatorFact.objects.bulk_create([r.model() for r in new], batch_size=2000)
    _write_cells(delta)


def _scoped_facts(info: SourceInfo, buckets: Iterable[Bucket]) -> list[Fact]:
    ids = sorted(b for b in buckets if b is not None)
    if not ids:
        return []
    wanted = set(ids)
    return [f for f in info.function(enterprise_ids=ids) if f.enterprise_id in wanted]


def _range_facts(info: SourceInfo, first: int, last: int) -> list[Fact]:
    """The facts of the enterprises with ids first..last (the rebuild's steps): the ids go to the
    source as a subquery, not as thousands of parameters."""
    ids = Enterprise.objects.filter(pk__gte=first, pk__lte=last).values("pk")
    return [
        f
        for f in info.function(enterprise_ids=ids)
        if f.enterprise_id is not None and first <= f.enterprise_id <= last
    ]


# ---- the applier lock ----------------------------------------------------------------------


def _lock(*, wait: bool) -> bool:
    """Inside a transaction: become the one applier (PostgreSQL advisory lock; SQLite serialises)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        return bool(cursor.fetchone()[0])


# ---- applying changes -------------------------------------------------------------------------


def _apply_batch(limit: int) -> int:
    marks = list(DirtyEnterprise.objects.order_by("id").values_list("id", "enterprise_id")[:limit])
    if not marks:
        return 0
    buckets: set[Bucket] = {enterprise_id for _id, enterprise_id in marks}
    fresh = {
        (info.indicator, info.name): _scoped_facts(info, buckets)
        for info in _registered().values()
        if info.scoped
    }
    recompute(buckets, fresh)
    DirtyEnterprise.objects.filter(id__in=[mark_id for mark_id, _e in marks]).delete()
    return len(marks)


def _set_state(info: SourceInfo) -> None:
    SourceState.objects.update_or_create(
        indicator=info.indicator,
        source=info.name,
        defaults={"scoped": info.scoped, "refreshed_at": timezone.now()},
    )


def refresh_source(info: SourceInfo, *, batch: int = 5000) -> None:
    """Recompute one source in full (its facts for every enterprise). Inside the applier lock."""
    facts = info.function(enterprise_ids=None) if info.scoped else info.function()
    by_bucket: dict[Bucket, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_bucket[fact.enterprise_id].append(fact)
    stored = IndicatorFact.objects.filter(indicator=info.indicator, source=info.name)
    buckets = set(by_bucket) | set(stored.values_list("enterprise_id", flat=True).distinct())
    ordered = sorted(buckets, key=lambda b: (b is None, b or 0))
    key = (info.indicator, info.name)
    for start in range(0, len(ordered), batch):
        chunk = set(ordered[start : start + batch])
        recompute(chunk, {key: [f for b in chunk for f in by_bucket.get(b, ())]})
    _set_state(info)


def _purge_unregistered() -> None:
    registered = _registered()
    for state in SourceState.objects.all():
        if (state.indicator, state.source) in registered:
            continue
        stored = IndicatorFact.objects.filter(indicator=state.indicator, source=state.source)
        buckets = set(stored.values_list("enterprise_id", flat=True).distinct())
        recompute(buckets, {})  # recompute() drops the facts of unregistered sources
        stored.delete()
        state.delete()


def _work(keys: Iterable[str] | None) -> tuple[list[SourceInfo], bool]:
    """What a read of these indicators must do first: sources to recompute in full, whether any
    enterprise is dirty (or a stale source state must go)."""
    states, dirty = {}, False
    with connection.cursor() as cursor:  # one round trip: every page read starts with this
        cursor.execute(
            f"SELECT indicator, source, scoped FROM {SourceState._meta.db_table} UNION ALL "
            f"SELECT * FROM (SELECT '', '', true FROM {DirtyEnterprise._meta.db_table} LIMIT 1) AS dirty"
        )
        for indicator, source, scoped in cursor.fetchall():
            if indicator:
                states[(indicator, source)] = bool(scoped)
            else:
                dirty = True
    registered = _registered()
    wanted = set(definitions()) if keys is None else set(keys)
    full = [
        info
        for key, info in registered.items()
        if key not in states or states[key] != info.scoped or (not info.scoped and info.indicator in wanted)
    ]
    stale_states = bool(set(states) - set(registered))
    return full, stale_states or dirty


def ensure_current(keys: Iterable[str] | None = None, *, wait: bool = False) -> bool:
    """Bring the aggregates of these indicators (None: all) up to date before reading them; returns
    False when another applier holds the lock (the caller then reads them as they are)."""
    keys = None if keys is None else list(keys)
    full, pending = _work(keys)
    if not full and not pending:
        return True
    with transaction.atomic():
        if not _lock(wait=wait):
            return False
        full, _pending = _work(keys)
        _purge_unregistered()
        for info in full:
            refresh_source(info)
        while _apply_batch(APPLY_BATCH):
            pass
    return True


def apply_pending(*, batch: int = APPLY_BATCH, max_batches: int | None = None) -> int:
    """The beat job: apply the dirty set (each batch in its own transaction); returns marks applied."""
    done, batches = 0, 0
    while max_batches is None or batches < max_batches:
        with transaction.atomic():
            if not _lock(wait=False):
                break
            applied = _apply_batch(batch)
        done += applied
        batches += 1
        if not applied:
            break
    return done


# ---- full rebuild ---------------------------------------------------------------------------


def rebuild(
    *, chunk: int = 2000, progress: Callable[[int], None] | None = None, set_based: bool | None = None
) -> dict[str, int]:
    """Recompute every fact and cell from the records, in one transaction: readers keep seeing the
    old aggregates until it commits (the old rows are deleted, not truncated, so a concurrent read
    neither waits nor sees a half-built table). ``progress`` is told how many enterprises each step
    covered.

    ``set_based`` (default: on PostgreSQL) computes the facts of every source that offers a SQL form
    in the database, one ``INSERT ... SELECT`` per indicator (the counted fact per unit chosen by a
    window function), and the cells with one ``GROUP BY``; sources without one are computed in Python
    into a staging table first. Otherwise (SQLite) the facts are built in Python, ``chunk``
    enterprises at a time. Both give the same facts and cells (tests/programme/test_rebuild.py)."""
    if set_based is None:
        set_based = connection.vendor == "postgresql"
    if set_based and connection.vendor != "postgresql":
        raise ValueError("the set-based rebuild needs PostgreSQL")
    with transaction.atomic():
        _lock(wait=True)
        marks = list(DirtyEnterprise.objects.values_list("id", flat=True))
        with connection.cursor() as cursor:
            for model in (IndicatorFact, IndicatorCell, SourceState):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
        registered = list(_registered().values())
        if set_based:
            counts = _rebuild_set_based(registered, progress)
        else:
            counts = _rebuild_rows(registered, chunk, progress)
        for info in registered:
            _set_state(info)
        for start in range(0, len(marks), 5000):
            DirtyEnterprise.objects.filter(id__in=marks[start : start + 5000]).delete()
    return {**counts, "cells": IndicatorCell.objects.count()}


def _legacy_facts(registered: list[SourceInfo]) -> dict[Bucket, list[tuple[str, str, Fact]]]:
    legacy: dict[Bucket, list[tuple[str, str, Fact]]] = defaultdict(list)
    for info in registered:
        if not info.scoped:
            for fact in info.function():
                legacy[fact.enterprise_id].append((info.indicator, info.name, fact))
    return legacy


def _rebuild_rows(
    registered: list[SourceInfo], chunk: int, progress: Callable[[int], None] | None
) -> dict[str, int]:
    """The rebuild in Python, ``chunk`` enterprises per step (SQLite; the reference)."""
    scoped = [i for i in registered if i.scoped]
    legacy = _legacy_facts(registered)
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    known = set(ids)
    extra = sorted(b for b in legacy if b is not None and b not in known)
    cells: Counter = Counter()
    writer = _FactWriter()
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        facts = [(i.indicator, i.name, f) for i in scoped for f in _range_facts(i, part[0], part[-1])]
        facts += [item for b in part for item in legacy.get(b, ())]
        rows = _rows(facts, enterprise_facts(part))
        _add_cells(cells, rows, +1)
        writer.write(rows)
        if progress:
            progress(len(part))
    rest = [b for b in extra if b in legacy] + ([None] if None in legacy else [])
    if rest:  # old-style sources' facts of enterprises that no longer exist, or of none
        rows = _rows([item for b in rest for item in legacy[b]], {})
        _add_cells(cells, rows, +1)
        writer.write(rows)
    _write_cells(cells, empty=True)
    return {"enterprises": len(ids) + len(extra), "facts": writer.count}


_FIRMS = "programme_rebuild_firm"
_STAGED = "programme_rebuild_staged"
_STAGED_COLUMNS = (
    "rank",
    "indicator",
    "source",
    "unit",
    "record",
    "on",
    "enterprise_id",
    "group_key",
    "amount",
    "section",
    "ward",
    "size",
    "dimensions",
)


def _rebuild_set_based(
    registered: list[SourceInfo], progress: Callable[[int], None] | None
) -> dict[str, int]:
    from marketplace.taxonomy.models import AdminUnit, Sector

    facts_table, cells_table = IndicatorFact._meta.db_table, IndicatorCell._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")  # the window's sort per indicator stays in memory
        # temporary tables dropped at commit, or now if an enclosing transaction still holds them
        cursor.execute(f"DROP TABLE IF EXISTS {_FIRMS}, {_STAGED}")
        # each enterprise's cuts, as enterprise_facts gives them
        cursor.execute(
            f"CREATE TEMP TABLE {_FIRMS} ON COMMIT DROP AS "
            "SELECT e.id, coalesce(nullif(p.code, ''), nullif(s.code, ''), '') AS section, "
            "coalesce(w.code, '') AS ward, coalesce(e.size_class, '') AS size "
            f"FROM {Enterprise._meta.db_table} e "
            f"LEFT JOIN {Sector._meta.db_table} s ON s.id = e.primary_sector_id "
            f"LEFT JOIN {Sector._meta.db_table} p ON p.id = s.parent_id "
            f"LEFT JOIN {AdminUnit._meta.db_table} w ON w.id = e.ward_id"
        )
        cursor.execute(f"ALTER TABLE {_FIRMS} ADD PRIMARY KEY (id)")
        cursor.execute(f"ANALYZE {_FIRMS}")
        cursor.execute(f"SELECT count(*) FROM {_FIRMS}")
        enterprises = cursor.fetchone()[0]
        # sources without a SQL form (old-style ones; scoped ones that offer none): built in Python
        cursor.execute(
            f"CREATE TEMP TABLE {_STAGED} (rank integer, indicator text, source text, unit text, "
            'record text, "on" date, enterprise_id bigint, group_key text, amount bigint, section text, '
            "ward text, size text, dimensions jsonb) ON COMMIT DROP"
        )
    ranks = {(info.indicator, info.name): rank for rank, info in enumerate(registered)}
    # old-style sources keep every fact (cuts unknown for a missing enterprise); scoped ones only the
    # facts of existing enterprises, as the row-by-row rebuild asks them enterprise by enterprise
    legacy = [item for items in _legacy_facts(registered).values() for item in items]
    scoped = [
        (info.indicator, info.name, fact)
        for info in registered
        if info.scoped and info.sql is None
        for fact in info.function(enterprise_ids=None)
        if fact.enterprise_id is not None
    ]
    firms = enterprise_facts(f.enterprise_id for _i, _s, f in legacy + scoped)
    extra = {f.enterprise_id for _i, _s, f in legacy if f.enterprise_id is not None} - set(firms)
    staged = legacy + [item for item in scoped if item[2].enterprise_id in firms]
    if staged:
        _copy_staged(_rows(staged, firms), ranks)
    indicators = sorted({info.indicator for info in registered})
    facts, reported = 0, 0
    with connection.cursor() as cursor:
        for number, indicator in enumerate(indicators, start=1):
            began = time.perf_counter()
            parts, params = [], []
            for info in registered:
                if info.indicator != indicator or info.sql is None:
                    continue
                parts.append(
                    f"SELECT {ranks[(info.indicator, info.name)]} AS rank, %s AS source, "
                    'left(f.unit, 64) AS unit, left(f.record, 64) AS record, f."on", f.enterprise_id, '
                    "left(f.group_key, 32) AS group_key, f.amount::bigint AS amount, e.section, e.ward, "
                    f"e.size, f.dimensions FROM ({info.sql()}) "
                    'AS f(unit, record, "on", enterprise_id, group_key, amount, dimensions) '
                    f"JOIN {_FIRMS} e ON e.id = f.enterprise_id"
                )
                params.append(info.name)
            parts.append(
                'SELECT rank, source, unit, record, "on", enterprise_id, group_key, amount, section, ward, '
                f"size, dimensions FROM {_STAGED} WHERE indicator = %s"
            )
            params.append(indicator)
            union = " UNION ALL ".join(parts)
            cursor.execute(
                f'INSERT INTO {facts_table} (indicator, source, unit, record, "on", month, enterprise_id, '
                "group_key, amount, section, ward, size, dimensions, counted) "
                'SELECT %s, source, unit, record, "on", "on" - extract(day FROM "on")::integer + 1, '
                "enterprise_id, group_key, amount, section, ward, size, dimensions, "
                'row_number() OVER (PARTITION BY unit ORDER BY "on", record COLLATE "C", rank) = 1 '
                f"FROM ({union}) AS x",
                [indicator, *params],
            )
            facts += cursor.rowcount
            logger.info(
                "rebuild: %s facts of %s in %.1f s", cursor.rowcount, indicator, time.perf_counter() - began
            )
            if progress:
                share = enterprises * number // len(indicators) - reported
                reported += share
                progress(share)
        # every cut of every counted fact, summed: the cells
        grouped = "month, group_key"
        selects = [
            f"SELECT indicator, '', '', {grouped}, count(*), sum(amount) FROM {facts_table} "
            f"WHERE counted GROUP BY indicator, {grouped}"
        ]
        selects += [
            f"SELECT indicator, '{cut}', {cut}, {grouped}, count(*), sum(amount) FROM {facts_table} "
            f"WHERE counted GROUP BY indicator, {cut}, {grouped}"
            for cut in ENTERPRISE_CUTS
        ]
        selects.append(
            f"SELECT indicator, d.key, left(d.value, 64), {grouped}, count(*), sum(amount) "
            f"FROM {facts_table}, jsonb_each_text(dimensions) AS d "
            f"WHERE counted AND dimensions <> '{{}}'::jsonb GROUP BY indicator, d.key, left(d.value, 64), {grouped}"
        )
        began = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {cells_table} (indicator, cut, value, month, group_key, facts, amount) "
            + " UNION ALL ".join(selects)
        )
        logger.info("rebuild: %s cells in %.1f s", cursor.rowcount, time.perf_counter() - began)
    return {"enterprises": enterprises + len(extra), "facts": facts}


def _copy_staged(rows: list[_Row], ranks: dict[tuple[str, str], int]) -> None:
    connection.ensure_connection()
    columns = ", ".join(f'"{c}"' for c in _STAGED_COLUMNS)
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {_STAGED} ({columns}) FROM STDIN") as copy,
    ):
        for r in rows:
            copy.write_row(r.copy_values(_STAGED_COLUMNS, rank=ranks[(r.indicator, r.source)]))


class _FactWriter:
    """Bulk insert of fact rows: COPY on PostgreSQL, bulk_create elsewhere."""

    COLUMNS = (
        "indicator",
        "source",
        "unit",
        "record",
        "on",
        "month",
        "enterprise_id",
        "group_key",
        "amount",
        "section",
        "ward",
        "size",
        "dimensions",
        "counted",
    )

    def __init__(self) -> None:
        self.count = 0

    def write(self, rows: list[_Row]) -> None:
        self.count += len(rows)
        if connection.vendor != "postgresql":
            IndicatorFact.objects.bulk_create([r.model() for r in rows], batch_size=2000)
            return
        columns = ", ".join(f'"{c}"' for c in self.COLUMNS)
        connection.ensure_connection()
        statement = f"COPY {IndicatorFact._meta.db_table} ({columns}) FROM STDIN"
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for r in rows:
                copy.write_row(r.copy_values(self.COLUMNS))
