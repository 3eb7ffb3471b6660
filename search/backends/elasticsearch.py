"""Elasticsearch backend, queries built with `elasticsearch.dsl` (client 8.x).

One alias (`<prefix>-search`) points at one physical index per build; a rebuild fills a new index and
swaps the alias atomically with update_aliases. Text fields are analysed with lowercase +
asciifolding (which folds `đ`), with an `exact` subfield (diacritics kept) to rank exact spelling
higher and a `shingles` subfield so adjacent words rank above scattered ones. Facets are disjunctive
in one request: the query matches text only, `post_filter` applies every selected filter to the hits
and each facet aggregation filters by every selection except its own.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import A, Index, Mapping, Q, Search, analyzer, token_filter
from elasticsearch.dsl import field as f

from .. import errors
from ..cache import index_changed
from ..highlight import snippet as highlight_snippet
from ..query import Hit, SearchQuery, SearchResults, build_facets
from ..registry import RANGE
from ..text import normalise, words
from .base import Key, Progress, SearchBackend

logger = logging.getLogger(__name__)

FOLDED = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
EXACT = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
SHINGLED = analyzer(
    "vi_shingled",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("vi_shingle", "shingle", min_shingle_size=2, max_shingle_size=3, output_unigrams=False),
    ],
)
TEXT_FIELDS = {"title": 3, "text_high": 3, "text_mid": 2, "text_low": 1}
BULK_TIMEOUT = 120


def _fields(suffix: str = "") -> list[str]:
    return [f"{name}{suffix}^{boost}" for name, boost in TEXT_FIELDS.items()]


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, registry, *, client: Elasticsearch, index_prefix: str = "dxm") -> None:
        super().__init__(registry)
        self.client = client
        self.alias = f"{index_prefix}-search"

    # ------------------------------------------------------------------ index structure
    def _mapping(self) -> Mapping:
        m = Mapping()
        text = {
            "analyzer": FOLDED,
            "fields": {"exact": f.Text(analyzer=EXACT), "shingles": f.Text(analyzer=SHINGLED)},
        }
        for name in TEXT_FIELDS:
            m.field(name, f.Text(**text))
        m.field("all_text", f.Text(analyzer=FOLDED))
        m.field("doc_key", f.Keyword())
        m.field("kind", f.Keyword())
        m.field("object_id", f.Keyword())
        m.field("url", f.Keyword(index=False))
        m.field("price", f.Long())
        m.field("rating", f.Float())
        m.field("published_at", f.Date())
        m.field("visible_until", f.Date())
        m.field("suggest", f.Completion(analyzer=FOLDED, search_analyzer=FOLDED))
        m.field("extra", f.Object(enabled=False))
        m.field(
            "facets",
            f.Object(
                properties={
                    facet.name: f.Keyword() for facet in self.registry.facets() if facet.type != RANGE
                }
            ),
        )
        return m

    def _index(self, name: str) -> Index:
        index = Index(name, using=self.client)
        index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=10_000)
        index.analyzer(FOLDED)
        index.analyzer(EXACT)
        index.analyzer(SHINGLED)
        index.mapping(self._mapping())
        return index

    def _new_index_name(self) -> str:
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"

    def _guard(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (TransportError, ApiError, helpers.BulkIndexError) as exc:
            raise errors.BackendUnavailable(str(exc)) from exc

    def ensure_index(self) -> None:
        def ensure():
            if self.client.indices.exists_alias(name=self.alias):
                return
            name = self._new_index_name()
            self._index(name).create()
            self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])

        self._guard(ensure)

    def live_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    # ------------------------------------------------------------------ writing
    def _source(self, d: dict) -> dict:
        title = d["title"]
        title_words = title.split()
        published, until = d.get("published_at"), d.get("visible_until")
        return {
            "doc_key": f"{d['kind']}:{d['id']}",
            "kind": d["kind"],
            "object_id": d["id"],
            "title": title,
            "url": d.get("url", ""),
            "text_high": d["text_high"],
            "text_mid": d["text_mid"],
            "text_low": d["text_low"],
            "all_text": " ".join([d["text_high"], d["text_mid"], d["text_low"]]),
            "facets": d["facets"],
            "price": d.get("price"),
            "rating": d.get("rating"),
            "published_at": published.isoformat() if isinstance(published, datetime) else published,
            "visible_until": until.isoformat() if isinstance(until, datetime) else until,
            # every word suffix, so typing a later word of the title also suggests it
            "suggest": {
                "input": [" ".join(title_words[i:]) for i in range(min(len(title_words), 6))] or [title]
            },
            "extra": d.get("extra") or {},
        }

    def _actions(self, index: str, upserts: Iterable[dict], deletes: Iterable[Key]):
        for d in upserts:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": f"{d['kind']}:{d['id']}",
                "_source": self._source(d),
            }
        for kind, object_id in deletes:
            yield {"_op_type": "delete", "_index": index, "_id": f"{kind}:{object_id}"}

    def apply(self, upserts: Iterable[dict], deletes: Iterable[Key] = ()) -> None:
        upserts, deletes = list(upserts), list(deletes)
        if not upserts and not deletes:
            return
        self.ensure_index()
        client = self.client.options(request_timeout=BULK_TIMEOUT)
        self._guard(
            helpers.bulk,
            client,
            self._actions(self.alias, upserts, deletes),
            chunk_size=500,
            ignore_status=(404,),
            refresh="wait_for",  # acknowledged = searchable, so cached results are never older
        )
        index_changed()

    def refresh(self) -> None:
        self._guard(self.client.indices.refresh, index=self.alias)

    def clear(self) -> None:
        for name in self.live_indices():
            self.client.indices.delete(index=name)
        index_changed()

    def rebuild(self, documents: Iterable[dict], *, progress: Progress | None = None, after_swap=None) -> int:
        name = self._new_index_name()
        client = self.client.options(request_timeout=BULK_TIMEOUT)
        self._guard(self._index(name).create)
        total = 0
        try:
            for ok, _item in helpers.streaming_bulk(
                client, self._actions(name, documents, ()), chunk_size=500, max_retries=2, yield_ok=True
            ):
                if ok:
                    total += 1
                    if progress and total % 500 == 0:
                        progress(500)
            if progress and total % 500:
                progress(total % 500)
            client.indices.refresh(index=name)
            old = self.live_indices()
            actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
            actions.append({"add": {"index": name, "alias": self.alias}})
            client.indices.update_aliases(actions=actions)  # one atomic switch
            index_changed()
        except Exception as exc:
            client.options(ignore_status=404).indices.delete(index=name)
            if isinstance(exc, TransportError | ApiError | helpers.BulkIndexError):
                raise errors.BackendUnavailable(str(exc)) from exc
            raise
        for o in old:
            client.options(ignore_status=404).indices.delete(index=o)
        if after_swap:
            after_swap()
        return total

    def count(self) -> int:
        return self._guard(self.client.count, index=self.alias)["count"]

    # ------------------------------------------------------------------ reading
    def _filter(self, name: str, values: list[str]) -> Q:
        facet = self.registry.facet(name)
        if facet.type == RANGE:
            ranges = []
            for r in facet.ranges:
                if r.key in values:
                    bounds = {k: v for k, v in (("gte", r.gte), ("lt", r.lt)) if v is not None}
                    ranges.append(Q("range", **{facet.numeric_field: bounds}))
            return Q("bool", should=ranges, minimum_should_match=1)
        return Q("terms", **{f"facets.{name}": values})

    @staticmethod
    def _visible(now: datetime) -> Q:
        """Documents with no end of visibility, or one still ahead."""
        return Q(
            "bool",
            should=[
                Q("bool", must_not=[Q("exists", field="visible_until")]),
                Q("range", visible_until={"gt": now.isoformat()}),
            ],
            minimum_should_match=1,
        )

    def _text_query(self, tokens: list[str]) -> Q:
        if not tokens:
            return Q("match_all")
        text = " ".join(tokens)
        return Q(
            "bool",
            must=[
                Q(
                    "match",
                    all_text={"query": text, "operator": "and", "fuzziness": "AUTO:4,7", "prefix_length": 1},
                )
            ],
            should=[
                Q("multi_match", query=text, fields=_fields(), type="best_fields"),
                Q("multi_match", query=text, fields=_fields(".exact"), type="best_fields", boost=2),
                Q("multi_match", query=text, fields=_fields(), type="phrase", boost=3),
                Q("multi_match", query=text, fields=_fields(".shingles"), boost=2),
            ],
        )

    def _sort(self, query: SearchQuery, has_text: bool) -> list:
        newest = [{"published_at": {"order": "desc", "missing": "_last"}}, {"doc_key": "desc"}]
        return {
            "price_asc": [{"price": {"order": "asc", "missing": "_last"}}, {"doc_key": "asc"}],
            "price_desc": [{"price": {"order": "desc", "missing": "_last"}}, {"doc_key": "asc"}],
            "rating": [{"rating": {"order": "desc", "missing": "_last"}}, {"doc_key": "asc"}],
            "newest": newest,
        }.get(query.sort, ["_score", {"doc_key": "asc"}] if has_text else newest)

    def search(self, query: SearchQuery) -> SearchResults:
        self.registry.validate(query)
        tokens = words(query.text)
        filters = {name: self._filter(name, values) for name, values in query.filters.items()}
        text = self._text_query(tokens)
        s = Search(using=self.client, index=self.alias).query(
            Q("bool", must=[text], filter=[self._visible(timezone.now())])
        )
        s = s.extra(track_total_hits=True)
        # the earliest end of visibility among the matches (before the filters: a superset)
        s.aggs.metric("expires", "min", field="visible_until")
        if filters:
            s = s.post_filter(Q("bool", filter=list(filters.values())))
        if query.with_facets:
            for facet in self.registry.facets():
                others = [q for name, q in filters.items() if name != facet.name]
                bucket = s.aggs.bucket(facet.name, "filter", filter=Q("bool", filter=others))
                if facet.type == RANGE:
                    ranges = [
                        {"key": r.key, **{k: v for k, v in (("from", r.gte), ("to", r.lt)) if v is not None}}
                        for r in facet.ranges
                    ]
                    bucket.bucket("values", A("range", field=facet.numeric_field, ranges=ranges))
                else:
                    size = facet.size + len(query.filters.get(facet.name, []))
                    bucket.bucket("values", A("terms", field=f"facets.{facet.name}", size=size))
        # no engine highlighting: its analyzers fold diacritics and keep stop words, so it would mark
        # "tự" and "Tự An" for "tư" and every "và"; snippets are cut and marked from the stored text
        # by the same rules as the database backend (search/highlight.py), see _hit
        s = s.sort(*self._sort(query, bool(tokens)))[query.offset : query.offset + query.page_size]
        response = self._guard(s.execute)
        hits = [self._hit(h, tokens, query_snippets=query.snippets) for h in response.hits]
        counts: dict[str, dict[str, int]] = {}
        aggs = response.aggregations.to_dict()
        expires = (aggs.get("expires") or {}).get("value")
        if query.with_facets:
            for facet in self.registry.facets():
                buckets = aggs.get(facet.name, {}).get("values", {}).get("buckets", [])
                counts[facet.name] = {str(b["key"]): b["doc_count"] for b in buckets if b["doc_count"]}
        return SearchResults(
            count=response.hits.total.value,
            hits=hits,
            facets=build_facets(self.registry, query, counts) if query.with_facets else {},
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
            expires_at=datetime.fromtimestamp(expires / 1000, UTC) if expires is not None else None,
        )

    def _hit(self, h, tokens: list[str], query_snippets: bool = True) -> Hit:
        src = h.to_dict()
        meta = h.meta
        snippet = ""
        if query_snippets:
            title = src["title"]
            high = src.get("text_high") or ""
            high_rest = high[len(title) :].strip() if high.startswith(title) else high
            texts = [src.get("text_mid") or "", src.get("text_low") or "", high_rest]
            snippet = highlight_snippet(texts + ([title] if tokens else []), tokens)
        published = src.get("published_at")
        return Hit(
            kind=src["kind"],
            id=src["object_id"],
            title=src["title"],
            url=src.get("url", ""),
            snippet=snippet,
            score=float(meta.score or 0) if getattr(meta, "score", None) is not None else 0.0,
            price=src.get("price"),
            rating=src.get("rating"),
            published_at=parse_datetime(published) if isinstance(published, str) else None,
            extra=src.get("extra") or {},
        )

    def suggest(self, text: str, *, kinds: list[str] | None = None, limit: int = 8) -> list[dict]:
        prefix = normalise(text)[:100]
        if not words(prefix):
            return []
        s = Search(using=self.client, index=self.alias).extra(size=0)
        s = s.suggest(
            "titles", prefix, completion={"field": "suggest", "size": limit * 4, "skip_duplicates": True}
        )
        response = self._guard(s.execute)
        out, seen, now = [], set(), timezone.now()
        for option in response.suggest.titles[0].options:
            src = option._source.to_dict()
            key = (src["kind"], src["object_id"])
            if key in seen or (kinds and src["kind"] not in kinds):
                continue
            until = parse_datetime(src["visible_until"]) if src.get("visible_until") else None
            if until is not None and until <= now:  # a completion suggester cannot filter by date
                continue
            seen.add(key)
            out.append(
                {
                    "kind": src["kind"],
                    "id": src["object_id"],
                    "title": src["title"],
                    "url": src.get("url", ""),
                }
            )
        return out[:limit]
