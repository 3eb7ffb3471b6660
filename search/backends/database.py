"""Database backend: PostgreSQL full-text search with unaccent, or SQLite FTS5.

Documents live in SearchDocument (owned by search). Matching requires every query word (folded);
ranking = text rank (title tier weighted highest) + 1 if the exact spelling matches + 2 if the words
appear as a phrase. Facets are computed in SQL in two statements (terms, ranges) that apply, per
facet, every selected filter except the facet's own (disjunctive facets).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from django.db import connections, transaction
from django.utils.dateparse import parse_datetime

from ..highlight import snippet
from ..models import SearchDocument
from ..query import FacetValue, Hit, SearchQuery, SearchResults, build_facets
from ..registry import RANGE
from ..text import fold, fold_d, words
from .base import Key, Progress, SearchBackend

TABLE = SearchDocument._meta.db_table
# the scalar subqueries make PostgreSQL build each tsquery (and call unaccent) once, not once per row
PG_FOLDED = "(SELECT plainto_tsquery('simple', unaccent(%s)))"
PG_EXACT = "(SELECT plainto_tsquery('simple', %s))"
PG_PHRASE = "(SELECT phraseto_tsquery('simple', unaccent(%s)))"


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, registry, using: str = "default") -> None:
        super().__init__(registry)
        self.using = using

    @property
    def vendor(self) -> str:
        return connections[self.using].vendor

    # ------------------------------------------------------------------ writing
    def apply(self, upserts: Iterable[dict], deletes: Iterable[Key] = ()) -> None:
        upserts = list(upserts)
        keys = {(d["kind"], d["id"]) for d in upserts} | {(k, str(i)) for k, i in deletes}
        with transaction.atomic(using=self.using):
            self._delete_keys(keys)
            self._insert(upserts)

    def _delete_keys(self, keys: set[Key]) -> None:
        by_kind: dict[str, list[str]] = {}
        for kind, object_id in keys:
            by_kind.setdefault(kind, []).append(object_id)
        manager = SearchDocument.objects.using(self.using)
        for kind, ids in by_kind.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                pks = list(manager.filter(kind=kind, object_id__in=chunk).values_list("pk", flat=True))
                if pks:
                    self._delete_fts(pks)
                    manager.filter(pk__in=pks).delete()

    def _delete_fts(self, pks: list[int] | None) -> None:
        if self.vendor != "sqlite":
            return
        with connections[self.using].cursor() as cursor:
            for table in ("search_fts", "search_fts_exact"):
                if pks is None:
                    cursor.execute(f"DELETE FROM {table}")
                else:
                    marks = ",".join(["%s"] * len(pks))
                    cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", pks)

    def _insert(self, documents: list[dict]) -> None:
        if not documents:
            return
        rows = [
            SearchDocument(
                kind=d["kind"],
                object_id=d["id"],
                title=d["title"][:500],
                url=d.get("url", "")[:500],
                text_high=d["text_high"],
                text_mid=d["text_mid"],
                text_low=d["text_low"],
                suggest_folded=fold(d.get("suggest") or d["title"])[:500],
                facet_tokens=[f"{name}={value}" for name, values in d["facets"].items() for value in values],
                price=d.get("price"),
                rating=d.get("rating"),
                published_at=d.get("published_at"),
                extra=d.get("extra") or {},
            )
            for d in documents
        ]
        created = SearchDocument.objects.using(self.using).bulk_create(rows, batch_size=1000)
        pks = [row.pk for row in created]
        with connections[self.using].cursor() as cursor:
            if self.vendor == "postgresql":
                vector = " || ".join(
                    f"setweight(to_tsvector('simple', {{f}}(coalesce({col}, ''))), '{weight}')"
                    for col, weight in (("text_high", "A"), ("text_mid", "B"), ("text_low", "C"))
                )
                cursor.execute(
                    f"UPDATE {TABLE} SET vector_folded = {vector.format(f='unaccent')}, "
                    f"vector_exact = {vector.format(f='')} WHERE id = ANY(%s)",
                    [pks],
                )
            elif self.vendor == "sqlite":
                folded = [
                    (r.pk, fold_d(r.text_high), fold_d(r.text_mid), fold_d(r.text_low)) for r in created
                ]
                exact = [(r.pk, r.text_high, r.text_mid, r.text_low) for r in created]
                cursor.executemany(
                    "INSERT INTO search_fts(rowid, text_high, text_mid, text_low) VALUES (%s, %s, %s, %s)",
                    folded,
                )
                cursor.executemany(
                    "INSERT INTO search_fts_exact(rowid, text_high, text_mid, text_low) VALUES (%s, %s, %s, %s)",
                    exact,
                )

    def clear(self) -> None:
        with transaction.atomic(using=self.using):
            self._delete_fts(None)
            SearchDocument.objects.using(self.using).all().delete()

    def rebuild(self, documents: Iterable[dict], *, progress: Progress | None = None, after_swap=None) -> int:
        """Repopulate the table inside one transaction: readers see the old contents until commit."""
        total = 0
        with transaction.atomic(using=self.using):
            self.clear()
            batch: list[dict] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= 1000:
                    self._insert(batch)
                    total += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                self._insert(batch)
                total += len(batch)
                if progress:
                    progress(len(batch))
        if after_swap:
            after_swap()
        return total

    def count(self) -> int:
        return SearchDocument.objects.using(self.using).count()

    # ------------------------------------------------------------------ reading
    def _text(self, query: SearchQuery):
        """(match condition, params) for the base set, (score expression, params), query words."""
        tokens = words(query.text)
        if not tokens:
            return None, [], "0", [], tokens
        if self.vendor == "postgresql":
            text = " ".join(tokens)
            match = f"d.vector_folded @@ {PG_FOLDED}"
            score = (
                f"ts_rank(d.vector_folded, {PG_FOLDED})"
                f" + CASE WHEN d.vector_exact @@ {PG_EXACT} THEN 1 ELSE 0 END"
                f" + CASE WHEN d.vector_folded @@ {PG_PHRASE} THEN 2 ELSE 0 END"
            )
            return match, [text], score, [text, text, text], tokens
        folded = " AND ".join(_fts_quote(fold_d(t)) for t in tokens)
        exact = " AND ".join(_fts_quote(t) for t in tokens)
        phrase = _fts_quote(" ".join(fold_d(t) for t in tokens))
        match = "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        score = (
            "(SELECT (-bm25(search_fts, 10.0, 4.0, 1.0)) / (1.0 - bm25(search_fts, 10.0, 4.0, 1.0))"
            " FROM search_fts WHERE search_fts MATCH %s AND rowid = d.id)"
            " + CASE WHEN d.id IN (SELECT rowid FROM search_fts_exact WHERE search_fts_exact MATCH %s)"
            " THEN 1 ELSE 0 END"
            " + CASE WHEN d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) THEN 2 ELSE 0 END"
        )
        return match, [folded], score, [folded, exact, phrase], tokens

    def _flags(self, query: SearchQuery) -> list[tuple[str, str, list]]:
        """[(facet name, boolean SQL, params)] for every selected filter."""
        flags = []
        for name, values in query.filters.items():
            facet = self.registry.facet(name)
            if facet.type == RANGE:
                parts, params = [], []
                for r in facet.ranges:
                    if r.key not in values:
                        continue
                    cond = [f"d.{facet.numeric_field} IS NOT NULL"]
                    if r.gte is not None:
                        cond.append(f"d.{facet.numeric_field} >= %s")
                        params.append(r.gte)
                    if r.lt is not None:
                        cond.append(f"d.{facet.numeric_field} < %s")
                        params.append(r.lt)
                    parts.append("(" + " AND ".join(cond) + ")")
                flags.append((name, "(" + " OR ".join(parts) + ")", params))
                continue
            tokens = [f"{name}={v}" for v in values]
            if self.vendor == "postgresql":
                flags.append((name, "(d.facet_tokens && %s::text[])", [tokens]))
            else:
                marks = ", ".join(["%s"] * len(tokens))
                flags.append(
                    (
                        name,
                        f"EXISTS (SELECT 1 FROM json_each(d.facet_tokens) j WHERE j.value IN ({marks}))",
                        tokens,
                    )
                )
        return flags

    def _order(self, query: SearchQuery, has_text: bool) -> str:
        return {
            "price_asc": "d.price IS NULL, d.price ASC, d.id",
            "price_desc": "d.price IS NULL, d.price DESC, d.id",
            "rating": "d.rating IS NULL, d.rating DESC, d.id",
            "newest": "d.published_at IS NULL, d.published_at DESC, d.id DESC",
        }.get(
            query.sort,
            "score DESC, d.id" if has_text else "d.published_at IS NULL, d.published_at DESC, d.id DESC",
        )

    def search(self, query: SearchQuery) -> SearchResults:
        self.registry.validate(query)
        match, match_params, score, score_params, tokens = self._text(query)
        flags = self._flags(query)
        where, params = [], []
        if match:
            where.append(match)
            params += match_params
        for _name, sql, flag_params in flags:
            where.append(sql)
            params += flag_params
        where_sql = " AND ".join(where) or "1=1"
        sql = (
            f"SELECT d.id, d.kind, d.object_id, d.title, d.url, d.text_high, d.text_mid, d.text_low, d.extra,"
            f" d.price, d.rating, d.published_at, {score} AS score, COUNT(*) OVER () AS total"
            f" FROM {TABLE} d WHERE {where_sql} ORDER BY {self._order(query, bool(match))} LIMIT %s OFFSET %s"
        )
        hits, total = [], 0
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, score_params + params + [query.page_size, query.offset])
            for row in cursor.fetchall():
                total = row[13]
                hits.append(self._hit(row, tokens, snippets=query.snippets))
            if not hits and query.offset:
                cursor.execute(f"SELECT COUNT(*) FROM {TABLE} d WHERE {where_sql}", params)
                total = cursor.fetchone()[0]
            counts = self._facet_counts(cursor, match, match_params, flags) if query.with_facets else {}
        return SearchResults(
            count=total,
            hits=hits,
            facets=build_facets(self.registry, query, counts) if query.with_facets else {},
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
        )

    def _hit(self, row, tokens: list[str], snippets: bool = True) -> Hit:
        extra = row[8]
        if isinstance(extra, str):
            extra = json.loads(extra)
        published = row[11]
        if isinstance(published, str):
            published = parse_datetime(published)
        title = row[3]
        high_rest = row[5][len(title) :].strip() if row[5].startswith(title) else row[5]
        return Hit(
            kind=row[1],
            id=row[2],
            title=title,
            url=row[4],
            snippet=snippet([row[6], row[7], high_rest] + ([title] if tokens else []), tokens)
            if snippets
            else "",
            score=float(row[12] or 0),
            price=row[9],
            rating=row[10],
            published_at=published if isinstance(published, datetime) else None,
            extra=extra or {},
        )

    def _facet_counts(self, cursor, match, match_params, flags) -> dict[str, dict[str, int]]:
        flag_cols = ", ".join(f"{sql} AS f{i}" for i, (_n, sql, _p) in enumerate(flags))
        flag_params = [p for _n, _s, ps in flags for p in ps]
        select = "d.facet_tokens, d.price, d.rating" + (", " + flag_cols if flags else "")
        base = f"SELECT {select} FROM {TABLE} d WHERE {match or '1=1'}"
        base_params = flag_params + list(match_params)
        if len(flags) >= 2:
            # a row failing two filters cannot be counted by any facet: drop it before unnesting
            failing = " + ".join(f"(CASE WHEN f{i} THEN 0 ELSE 1 END)" for i in range(len(flags)))
            base = f"SELECT * FROM ({base}) b0 WHERE {failing} <= 1"
        counts: dict[str, dict[str, int]] = {}
        facets = {f.name: f for f in self.registry.facets()}

        # one statement over the matched rows, materialised once (each row's filter flags computed once):
        # terms facets unnest the tokens and keep one when every *other* selected filter holds;
        # each range bucket counts the rows in range that pass every other filter
        conds, cond_params = [], []
        tok = "t.tok" if self.vendor == "postgresql" else "t.value"
        for i, (name, _sql, _p) in enumerate(flags):
            if facets[name].type == RANGE:
                conds.append(f"b.f{i}")
            else:
                prefix = f"{name}="
                conds.append(f"(substr({tok}, 1, {len(prefix)}) = %s OR b.f{i})")
                cond_params.append(prefix)
        if self.vendor == "postgresql":
            source = "b CROSS JOIN LATERAL unnest(b.facet_tokens) AS t(tok)"
        else:
            source = "b, json_each(b.facet_tokens) AS t"
        parts = [
            f"SELECT {tok} AS tok, COUNT(*) AS n FROM {source} WHERE {' AND '.join(conds) or '1=1'} GROUP BY {tok}"
        ]
        params = list(cond_params)
        for facet in facets.values():
            if facet.type != RANGE:
                continue
            others = [f"b.f{i}" for i, (name, _s, _p) in enumerate(flags) if name != facet.name]
            for r in facet.ranges:
                cond = [f"b.{facet.numeric_field} IS NOT NULL"]
                params.append(f"{facet.name}={r.key}")
                if r.gte is not None:
                    cond.append(f"b.{facet.numeric_field} >= %s")
                    params.append(r.gte)
                if r.lt is not None:
                    cond.append(f"b.{facet.numeric_field} < %s")
                    params.append(r.lt)
                parts.append(f"SELECT %s, COUNT(*) FROM b WHERE {' AND '.join(cond + others)}")
        cursor.execute(f"WITH b AS MATERIALIZED ({base}) " + " UNION ALL ".join(parts), base_params + params)
        for token, count in cursor.fetchall():
            name, _sep, value = token.partition("=")
            if name in facets and count:
                counts.setdefault(name, {})[value] = int(count)
        return counts

    def suggest(self, text: str, *, kinds: list[str] | None = None, limit: int = 8) -> list[dict]:
        tokens = [fold(t) for t in words(text)]
        if not tokens:
            return []
        conds, params = [], []
        for token in tokens:
            escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append("d.suggest_folded LIKE %s ESCAPE '\\'")
            params.append(f"%{escaped}%")
        if kinds:
            conds.append(f"d.kind IN ({', '.join(['%s'] * len(kinds))})")
            params += kinds
        sql = (
            f"SELECT d.kind, d.object_id, d.title, d.url, d.suggest_folded FROM {TABLE} d"
            f" WHERE {' AND '.join(conds)} ORDER BY length(d.title), d.id LIMIT %s"
        )
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params + [limit * 10])
            rows = cursor.fetchall()
        out = []
        for kind, object_id, title, url, folded in rows:
            doc_words = folded.split()
            # every typed word starts a word of the title; the last one may be unfinished
            if all(any(w.startswith(t) for w in doc_words) for t in tokens):
                out.append({"kind": kind, "id": object_id, "title": title, "url": url})
        out.sort(key=lambda s: (not fold(s["title"]).startswith(" ".join(tokens)), len(s["title"])))
        return out[:limit]


__all__ = ["DatabaseBackend", "FacetValue"]
