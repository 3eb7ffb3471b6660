"""Database backend: PostgreSQL full-text search with unaccent, or SQLite FTS5.

Documents live in SearchDocument (owned by search). Matching requires every query word (folded);
ranking = text rank (title tier weighted highest) + 1 if the exact spelling matches + 2 if the words
appear as a phrase. Facet counts apply, per facet, every selected filter except the facet's own
(disjunctive facets). On PostgreSQL one statement over the narrow SearchMatchRow rows answers the
total, the page and every facet (integer facet tokens, range buckets included, from SearchToken);
on SQLite two statements over the documents (terms, ranges) count them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..cache import index_changed
from ..highlight import snippet
from ..models import SearchDocument, SearchMatchRow, SearchToken
from ..query import FacetValue, Hit, SearchQuery, SearchResults, build_facets
from ..registry import RANGE
from ..text import fold, fold_d, words
from .base import Key, Progress, SearchBackend

TABLE = SearchDocument._meta.db_table
MATCH_TABLE = SearchMatchRow._meta.db_table
# rows an ids-only query without a count reads in index order before it asks the GIN bitmap instead
WALK_ROWS = 5000
TOKEN_TABLE = SearchToken._meta.db_table
# the scalar subqueries make PostgreSQL build each tsquery (and call unaccent) once, not once per row
PG_FOLDED = "(SELECT plainto_tsquery('simple', unaccent(%s)))"
PG_EXACT = "(SELECT plainto_tsquery('simple', %s))"
PG_PHRASE = "(SELECT phraseto_tsquery('simple', unaccent(%s)))"
# precise relevance of a wide row d: weighted text rank + 1 for the exact spelling + 2 for the phrase
PG_SCORE = (
    f"ts_rank(d.vector_folded, {PG_FOLDED})"
    f" + CASE WHEN d.vector_exact @@ {PG_EXACT} THEN 1 ELSE 0 END"
    f" + CASE WHEN d.vector_folded @@ {PG_PHRASE} THEN 2 ELSE 0 END"
)
# cheap relevance order of every match, from the narrow row: all words in the title tier, newest
CHEAP_ORDER = "m.title_hit DESC, m.published_at IS NULL, m.published_at DESC, m.id DESC"
RANK_CANDIDATES = 500  # matches ranked precisely (Elasticsearch ranks shard-local top hits similarly)


def _facet_tokens(document: dict) -> list[str]:
    return [f"{name}={value}" for name, values in document["facets"].items() for value in values]


def _range_condition(alias: str, facet, bucket) -> tuple[str, list]:
    """SQL (and params) true when row `alias`'s number falls in the bucket (same rule as Range.contains)."""
    field = f"{alias}.{facet.numeric_field}"
    cond, params = [f"{field} IS NOT NULL"], []
    if bucket.gte is not None:
        cond.append(f"{field} >= %s")
        params.append(bucket.gte)
    if bucket.lt is not None:
        cond.append(f"{field} < %s")
        params.append(bucket.lt)
    return " AND ".join(cond), params


def _aware(value) -> datetime | None:
    """A datetime read back from a raw query (SQLite gives naive UTC text), made aware."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value if isinstance(value, datetime) else None


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
            transaction.on_commit(index_changed, using=self.using)

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
        if self.vendor == "postgresql":
            with connections[self.using].cursor() as cursor:
                if pks is None:
                    cursor.execute(f"DELETE FROM {MATCH_TABLE}")
                else:
                    cursor.execute(f"DELETE FROM {MATCH_TABLE} WHERE id = ANY(%s)", [pks])
            return
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
        if self.vendor == "postgresql":
            self._insert_postgres(documents)
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
                facet_tokens=_facet_tokens(d),
                price=d.get("price"),
                rating=d.get("rating"),
                published_at=d.get("published_at"),
                visible_until=d.get("visible_until"),
                extra=d.get("extra") or {},
            )
            for d in documents
        ]
        created = SearchDocument.objects.using(self.using).bulk_create(rows, batch_size=1000)
        with connections[self.using].cursor() as cursor:
            if self.vendor == "sqlite":
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

    def _insert_postgres(self, documents: list[dict]) -> None:
        """One statement per 1000 documents: the wide rows with their tsvectors computed by the INSERT
        (a later UPDATE would leave a dead copy of every row) and their narrow match rows, whose
        facet tokens (with the range buckets) are integers from the token dictionary."""
        vector = " || ".join(
            f"setweight(to_tsvector('simple', {{f}}(u.{col})), '{weight}')"
            for col, weight in (("text_high", "A"), ("text_mid", "B"), ("text_low", "C"))
        )
        sql = (
            "WITH u AS (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[],"
            " %s::text[], %s::text[], %s::text[], %s::text[], %s::bigint[], %s::float8[], %s::timestamptz[],"
            " %s::text[], %s::text[], %s::timestamptz[]) AS u(kind, object_id, title, url, text_high, text_mid,"
            " text_low, suggest, tokens, price, rating, published_at, extra, token_ids, visible_until)),"
            f" ins AS (INSERT INTO {TABLE} (kind, object_id, title, url, text_high, text_mid, text_low,"
            " suggest_folded, facet_tokens, price, rating, published_at, visible_until, extra, vector_folded,"
            " vector_exact)"
            " SELECT u.kind, u.object_id, u.title, u.url, u.text_high, u.text_mid, u.text_low, u.suggest,"
            " ARRAY(SELECT jsonb_array_elements_text(u.tokens::jsonb)), u.price, u.rating, u.published_at,"
            f" u.visible_until, u.extra::jsonb, {vector.format(f='unaccent')}, {vector.format(f='')} FROM u"
            " RETURNING id, kind, object_id, vector_folded, text_high, price, rating, published_at, visible_until)"
            f" INSERT INTO {MATCH_TABLE} (id, terms, title_terms, tokens, price, rating, published_at,"
            " visible_until)"
            " SELECT ins.id, strip(ins.vector_folded), strip(to_tsvector('simple', unaccent(ins.text_high))),"
            " u.token_ids::int4[], ins.price, ins.rating, ins.published_at, ins.visible_until"
            " FROM ins JOIN u ON u.kind = ins.kind AND u.object_id = ins.object_id"
        )
        with connections[self.using].cursor() as cursor:
            for start in range(0, len(documents), 1000):
                chunk = documents[start : start + 1000]
                tokens = [_facet_tokens(d) for d in chunk]
                ids = self._token_ids(
                    cursor, [t + self._range_bucket_tokens(d) for t, d in zip(tokens, chunk, strict=True)]
                )
                columns = [
                    [d["kind"] for d in chunk],
                    [str(d["id"]) for d in chunk],
                    [d["title"][:500] for d in chunk],
                    [d.get("url", "")[:500] for d in chunk],
                    [d["text_high"] or "" for d in chunk],
                    [d["text_mid"] or "" for d in chunk],
                    [d["text_low"] or "" for d in chunk],
                    [fold(d.get("suggest") or d["title"])[:500] for d in chunk],
                    [json.dumps(t, ensure_ascii=False) for t in tokens],
                    [d.get("price") for d in chunk],
                    [d.get("rating") for d in chunk],
                    [d.get("published_at") for d in chunk],
                    [
                        json.dumps(d.get("extra") or {}, ensure_ascii=False, cls=DjangoJSONEncoder)
                        for d in chunk
                    ],
                    ["{" + ",".join(map(str, row)) + "}" for row in ids],
                    [d.get("visible_until") for d in chunk],
                ]
                cursor.execute(sql, columns)

    def _range_bucket_tokens(self, document: dict) -> list[str]:
        """The "facet=bucket" tokens of every range facet the document's numbers fall in."""
        out = []
        for facet in self.registry.facets():
            if facet.type == RANGE:
                value = document.get(facet.numeric_field)
                out += [f"{facet.name}={r.key}" for r in facet.ranges if r.contains(value)]
        return out

    @staticmethod
    def _token_ids(cursor, rows: list[list[str]]) -> list[list[int]]:
        """The dictionary ids of each row's tokens, adding the tokens not seen before. New tokens are
        inserted in sorted order, so two writers adding the same ones cannot deadlock."""
        distinct = sorted({t for row in rows for t in row})
        if not distinct:
            return [[] for _row in rows]
        cursor.execute(
            f"INSERT INTO {TOKEN_TABLE} (token) SELECT unnest(%s::text[]) ON CONFLICT (token) DO NOTHING",
            [distinct],
        )
        cursor.execute(f"SELECT token, id FROM {TOKEN_TABLE} WHERE token = ANY(%s)", [distinct])
        ids = dict(cursor.fetchall())
        return [sorted({ids[t] for t in row}) for row in rows]

    def refill_match_tokens(self, batch: int = 2000) -> None:
        """Recompute every match row's integer tokens from the wide rows (facet tokens + range
        buckets of the current declarations), as the insert path does; used by migration 0006."""
        if self.vendor != "postgresql":
            return
        numeric = sorted({f.numeric_field for f in self.registry.facets() if f.type == RANGE})
        last = 0
        with connections[self.using].cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT id, facet_tokens{''.join(f', {field}' for field in numeric)} FROM {TABLE}"
                    " WHERE id > %s ORDER BY id LIMIT %s",
                    [last, batch],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                ids = self._token_ids(
                    cursor,
                    [
                        list(row[1] or [])
                        + self._range_bucket_tokens(dict(zip(numeric, row[2:], strict=True)))
                        for row in rows
                    ],
                )
                cursor.execute(
                    f"UPDATE {MATCH_TABLE} h SET tokens = u.tokens::int4[]"
                    " FROM unnest(%s::bigint[], %s::text[]) AS u(id, tokens) WHERE h.id = u.id",
                    [[row[0] for row in rows], ["{" + ",".join(map(str, t)) + "}" for t in ids]],
                )
                last = rows[-1][0]

    def clear(self) -> None:
        with transaction.atomic(using=self.using):
            self._delete_fts(None)
            SearchDocument.objects.using(self.using).all().delete()
            transaction.on_commit(index_changed, using=self.using)

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
        """SQLite: (match condition, params) for the base set, (score expression, params), query words."""
        tokens = words(query.text)
        if not tokens:
            return None, [], "0", [], tokens
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

    def _visible(self, alias: str) -> tuple[str, list]:
        """SQL (and params) true while row `alias` is visible: no end of visibility, or one still ahead."""
        now = connections[self.using].ops.adapt_datetimefield_value(timezone.now())
        return f"({alias}.visible_until IS NULL OR {alias}.visible_until > %s)", [now]

    def _flags(self, query: SearchQuery) -> list[tuple[str, str, list]]:
        """[(facet name, boolean SQL on document d, params)] for every selected filter (SQLite)."""
        flags = []
        for name, values in query.filters.items():
            facet = self.registry.facet(name)
            if facet.type == RANGE:
                parts, params = [], []
                for r in facet.ranges:
                    if r.key in values:
                        cond, cond_params = _range_condition("d", facet, r)
                        parts.append(f"({cond})")
                        params += cond_params
                flags.append((name, "(" + " OR ".join(parts) + ")", params))
                continue
            tokens = [f"{name}={v}" for v in values]
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
        if self.vendor == "postgresql":
            return self._search_postgres(query)
        match, match_params, score, score_params, tokens = self._text(query)
        # the base set (what facets count over): visible documents matching the text
        visible, visible_params = self._visible("d")
        if match:
            match, match_params = f"{visible} AND {match}", visible_params + match_params
        else:
            match, match_params = visible, visible_params
        flags = self._flags(query)
        where, params = [match], list(match_params)
        for _name, sql, flag_params in flags:
            where.append(sql)
            params += flag_params
        where_sql = " AND ".join(where)
        sql = (
            f"SELECT d.id, d.kind, d.object_id, d.title, d.url, d.text_high, d.text_mid, d.text_low, d.extra,"
            f" d.price, d.rating, d.published_at, {score} AS score, COUNT(*) OVER () AS total,"
            " MIN(d.visible_until) OVER () AS expires"
            f" FROM {TABLE} d WHERE {where_sql} ORDER BY {self._order(query, bool(tokens))} LIMIT %s OFFSET %s"
        )
        hits, total, expires = [], 0, None
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, score_params + params + [query.page_size, query.offset])
            for row in cursor.fetchall():
                total, expires = row[13], row[14]
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
            expires_at=_aware(expires),
        )

    # ------------------------------------------------------------------ PostgreSQL
    def _search_postgres(self, query: SearchQuery) -> SearchResults:
        """A lookup of the filters' token ids, one statement over the narrow match rows (total, page
        ids, facet counts) and one fetching the page's documents.

        The match rows visited are the text matches that pass every selected filter but at most
        one: exactly the rows some count needs (a row failing two filters counts nowhere), found by
        combining GIN bitmaps, never by reading every text match. Relevance is ranked in two
        passes: every match is ordered by a cheap key from the narrow row (all words in the title
        tier first, then newest), and the first RANK_CANDIDATES of them are ordered by the precise
        score (weighted text rank + exact spelling + phrase) read from the wide rows. Pages beyond
        that window follow the cheap order, so paging stays consistent.
        """
        tokens = words(query.text)
        text = " ".join(tokens)
        flags, bucket_ids = self._pg_flags(query)
        if not (tokens or query.with_facets or query.with_count) and query.sort in ("relevance", "newest"):
            return self._first_ids_postgres(query, flags)
        # the inner query finds the rows and computes each filter flag once (OFFSET 0 keeps the
        # planner from inlining it, which would evaluate every flag again in each expression below)
        inner = ["h.id", "h.price", "h.rating", "h.published_at", "h.visible_until", "h.tokens"]
        inner_params: list = []
        for i, (_n, sql, ps) in enumerate(flags):
            inner.append(f"{sql} AS f{i}")
            inner_params += ps
        outer = ["h.id", "h.price", "h.rating", "h.published_at", "h.visible_until"]
        outer += [f"h.f{i}" for i in range(len(flags))]
        outer_params: list = []
        if query.with_facets:
            # every visited row passes all filters but at most one, so all its tokens can count
            # (those of the failed filter's facet only: decided by the mask below). A row failing a
            # range filter yields just that facet's buckets, computed from its number: such rows are
            # often most of the visited ones (text + kind=solution + one price range), and unnesting
            # all their tokens for nothing doubled the work
            own_cases = []
            for i, (name, _sql, _ps) in enumerate(flags):
                facet = self.registry.facet(name)
                if facet.type == RANGE:
                    buckets, bucket_params = self._range_token_ids(facet, bucket_ids)
                    own_cases.append(f"WHEN NOT h.f{i} THEN {buckets}")
                    outer_params += bucket_params
            if own_cases:
                outer.append(f"CASE {' '.join(own_cases)} ELSE h.tokens END AS toks")
            else:
                outer.append("h.tokens AS toks")
        visible, visible_params = self._visible("h")
        where, where_params = [visible], list(visible_params)
        if tokens:
            inner.append("h.title_terms")
            # the cheap ranking key only matters for rows passing every filter
            all_flags = " AND ".join(f"h.f{i}" for i in range(len(flags))) or "TRUE"
            outer.append(
                f"(CASE WHEN {all_flags} THEN h.title_terms @@ {PG_FOLDED} ELSE FALSE END) AS title_hit"
            )
            outer_params.append(text)
            where.append(f"h.terms @@ {PG_FOLDED}")
            where_params.append(text)
        if not query.with_facets:
            # no facet counts wanted (matching asks for ids only): only rows passing every filter
            for _n, sql, ps in flags:
                where.append(sql)
                where_params += ps
        elif len(flags) >= 2:
            # a row failing two filters counts nowhere: keep rows passing all filters but one
            alternatives = []
            for i in range(len(flags)):
                others = [(sql, ps) for j, (_n, sql, ps) in enumerate(flags) if j != i]
                alternatives.append("(" + " AND ".join(sql for sql, _ps in others) + ")")
                where_params += [p for _sql, ps in others for p in ps]
            where.append("(" + " OR ".join(alternatives) + ")")
        base = (
            f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {MATCH_TABLE} h"
            f" WHERE {' AND '.join(where)} OFFSET 0) h"
        )
        base_params = outer_params + inner_params + where_params
        all_pass = " AND ".join(f"b.f{i}" for i in range(len(flags))) or "TRUE"
        with_base = f"WITH b AS MATERIALIZED ({base}), m AS (SELECT * FROM b WHERE {all_pass}) "

        order = {
            "price_asc": "m.price IS NULL, m.price ASC, m.id",
            "price_desc": "m.price IS NULL, m.price DESC, m.id",
            "rating": "m.rating IS NULL, m.rating DESC, m.id",
            "newest": "m.published_at IS NULL, m.published_at DESC, m.id DESC",
        }.get(query.sort)
        ranked = order is None and bool(tokens)
        if order is None:
            order = CHEAP_ORDER if tokens else "m.published_at IS NULL, m.published_at DESC, m.id DESC"
        limit, offset = query.page_size, query.offset
        if ranked and offset < RANK_CANDIDATES:
            # the precise score for the first candidates only
            page = (
                f"SELECT c.id, {PG_SCORE} AS score FROM (SELECT m.id FROM m ORDER BY {order} LIMIT %s) c"
                f" JOIN {TABLE} d ON d.id = c.id ORDER BY score DESC, c.id LIMIT %s OFFSET %s"
            )
            page_params = [text, text, text, RANK_CANDIDATES, min(limit, RANK_CANDIDATES - offset), offset]
        else:
            page = f"SELECT m.id, 0.0 AS score FROM m ORDER BY {order} LIMIT %s OFFSET %s"
            page_params = [limit, offset]
        parts = [
            # the count, and (as seconds since the epoch) the earliest end of visibility of a match
            "SELECT 'count' AS part, NULL AS tok, COUNT(*) AS n,"
            " extract(epoch FROM MIN(m.visible_until))::float8 AS score, 0 AS ord FROM m",
            f"SELECT 'hit', NULL, p.id, p.score, row_number() OVER () FROM ({page}) p",
        ]
        if query.with_facets:
            # every token (terms and range buckets) counted once per combination of filter flags;
            # which combinations count for which facet is decided below (disjunctive facets)
            mask = (
                " + ".join(f"(CASE WHEN b.f{i} THEN {1 << i} ELSE 0 END)" for i in range(len(flags))) or "0"
            )
            parts.append(
                f"SELECT 'facet', k.token, c.n, 0.0, c.mask FROM (SELECT t.tok, t.mask, COUNT(*) AS n FROM"
                f" (SELECT unnest(b.toks) AS tok, {mask} AS mask FROM b) t GROUP BY t.tok, t.mask) c"
                f" JOIN {TOKEN_TABLE} k ON k.id = c.tok"
            )
        total, page_rows, expires = 0, [], None
        counts: dict[str, dict[str, int]] = {}
        facets = {f.name: f for f in self.registry.facets()}
        with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
            if settings.SEARCH_DB_WORK_MEM:
                # the matched rows are kept once for the count, the page and the facet counts; at the
                # default 4 MB a broad query writes them to a temporary file and reads them back
                cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.SEARCH_DB_WORK_MEM])
            cursor.execute(with_base + " UNION ALL ".join(parts), base_params + page_params)
            flag_names = [name for name, _s, _p in flags]
            for part, token, n, score, ord_ in cursor.fetchall():
                if part == "count":
                    total = int(n)
                    expires = datetime.fromtimestamp(score, UTC) if score is not None else None
                elif part == "hit":
                    page_rows.append((ord_, n, float(score or 0)))
                elif n:
                    name, _sep, value = token.partition("=")
                    # a row counts for facet `name` when every *other* selected filter holds
                    if name in facets and all(
                        ord_ & (1 << i) or other == name for i, other in enumerate(flag_names)
                    ):
                        counts.setdefault(name, {})[value] = counts.get(name, {}).get(value, 0) + int(n)
            page_rows.sort()
            order_ids = [pk for _o, pk, _s in page_rows]
            scores = {pk: score for _o, pk, score in page_rows}
            if ranked and offset < RANK_CANDIDATES < min(offset + limit, total):
                # the part of the page past the precisely ranked window, in the cheap order
                cursor.execute(
                    with_base + f"SELECT m.id FROM m ORDER BY {order} LIMIT %s OFFSET %s",
                    base_params + [offset + limit - RANK_CANDIDATES, RANK_CANDIDATES],
                )
                order_ids += [row[0] for row in cursor.fetchall()]
            hits = self._page_hits(cursor, order_ids, scores, tokens, query.snippets)
        return SearchResults(
            count=total,
            hits=hits,
            facets=build_facets(self.registry, query, counts) if query.with_facets else {},
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
            expires_at=expires,
        )

    def _page_hits(
        self, cursor, order_ids: list[int], scores: dict, tokens: list[str], snippets: bool
    ) -> list:
        """The page's documents as hits, in `order_ids` order."""
        if not order_ids:
            return []
        cursor.execute(
            "SELECT d.id, d.kind, d.object_id, d.title, d.url, d.text_high, d.text_mid, d.text_low,"
            f" d.extra, d.price, d.rating, d.published_at FROM {TABLE} d WHERE d.id = ANY(%s)",
            [order_ids],
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        return [
            self._hit((*rows[pk], scores.get(pk, 0.0)), tokens, snippets=snippets)
            for pk in order_ids
            if pk in rows
        ]

    def _first_ids_postgres(self, query: SearchQuery, flags) -> SearchResults:
        """The first page of filter matches, newest first, without counting them all. Two steps, so
        neither a broad nor a narrow filter pays for a plan made for the other: first the newest
        WALK_ROWS rows in the order of the (published_at, id) index (search 0008) are filtered, which
        fills the page when the filters match a fair share of the index; otherwise the GIN bitmap
        finds the (then few) matches and only those are sorted. The count is the lower bound the
        query allows (`with_count=False`); the answer expires with the earliest end of visibility
        among its own hits (a row past the page cannot change it)."""
        visible, visible_params = self._visible("h")
        where = " AND ".join([visible, *(sql for _n, sql, _p in flags)])
        params = [*visible_params, *(p for _n, _s, ps in flags for p in ps)]
        limit, offset = query.page_size, query.offset
        newest = "h.published_at DESC NULLS LAST, h.id DESC"
        with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
            cursor.execute(
                "SELECT h.id, h.visible_until FROM (SELECT h.id, h.tokens, h.published_at, h.visible_until"
                f" FROM {MATCH_TABLE} h ORDER BY {newest}"
                f" LIMIT %s) h WHERE {where} ORDER BY {newest} LIMIT %s OFFSET %s",
                [WALK_ROWS, *params, limit, offset],
            )
            rows = cursor.fetchall()
            if len(rows) < limit:
                # the window held too few: a prefix of the order, so what it found is not the answer
                cursor.execute(
                    f"WITH h AS MATERIALIZED (SELECT h.id, h.published_at, h.visible_until FROM {MATCH_TABLE} h"
                    f" WHERE {where}) SELECT h.id, h.visible_until FROM h ORDER BY {newest} LIMIT %s OFFSET %s",
                    [*params, limit, offset],
                )
                rows = cursor.fetchall()
            ends = [end for _pk, end in rows if end is not None]
            hits = self._page_hits(cursor, [pk for pk, _end in rows], {}, [], query.snippets)
        return SearchResults(
            count=offset + len(hits),
            hits=hits,
            facets={},
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
            expires_at=min(ends) if ends else None,
        )

    def _pg_flags(self, query: SearchQuery) -> tuple[list[tuple[str, str, list]], dict[str, int]]:
        """[(facet name, boolean SQL on match row h, params)]: every filter, range buckets included,
        is an overlap of integer tokens (a value never indexed has no id and matches nothing); and
        the ids of every bucket of the selected range facets."""
        wanted = {name: [f"{name}={v}" for v in values] for name, values in query.filters.items()}
        if not wanted:
            return [], {}
        lookup = [t for tokens in wanted.values() for t in tokens]
        for name in wanted:
            facet = self.registry.facet(name)
            if facet.type == RANGE:
                lookup += [f"{name}={r.key}" for r in facet.ranges]
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT token, id FROM {TOKEN_TABLE} WHERE token = ANY(%s)", [lookup])
            ids = dict(cursor.fetchall())
        flags = [
            (name, "(h.tokens && %s::int4[])", [[ids[t] for t in tokens if t in ids]])
            for name, tokens in wanted.items()
        ]
        return flags, ids

    def _range_token_ids(self, facet, ids: dict[str, int]) -> tuple[str, list]:
        """SQL int4[] of the dictionary ids of the facet's buckets a match row h falls in."""
        cases, params = [], []
        for r in facet.ranges:
            token_id = ids.get(f"{facet.name}={r.key}")
            if token_id is None:  # no document was ever in this bucket
                continue
            cond, cond_params = _range_condition("h", facet, r)
            cases.append(f"CASE WHEN {cond} THEN %s END")
            params += cond_params + [token_id]
        if not cases:
            return "'{}'::int4[]", []
        return f"array_remove(ARRAY[{', '.join(cases)}]::int4[], NULL)", params

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
        base = f"SELECT {select} FROM {TABLE} d WHERE {match}"
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
        tok = "t.value"
        for i, (name, _sql, _p) in enumerate(flags):
            if facets[name].type == RANGE:
                conds.append(f"b.f{i}")
            else:
                prefix = f"{name}="
                conds.append(f"(substr({tok}, 1, {len(prefix)}) = %s OR b.f{i})")
                cond_params.append(prefix)
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
                cond, cond_params = _range_condition("b", facet, r)
                params += [f"{facet.name}={r.key}", *cond_params]
                parts.append(f"SELECT %s, COUNT(*) FROM b WHERE {' AND '.join([cond, *others])}")
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
        visible, params = self._visible("d")
        conds = [visible]
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
