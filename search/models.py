from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .fields import IntegerListField, TokenListField


class OutboxEntry(models.Model):
    """A row changed in a domain app that the search engine has not acknowledged yet.

    Rows are written in the domain transaction (see search.outbox.enqueue), so they commit with the
    change; they are deleted once applied (right after commit for the database backend, only after
    the engine acknowledged the bulk request that carried them otherwise), so neither a crash after
    COMMIT nor a stopped engine loses anything.
    """

    model_label = models.CharField(max_length=100)  # "catalogue.solution"
    object_pk = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["model_label", "object_pk"], name="search_outbox_obj_idx")]

    def __str__(self) -> str:
        return f"{self.model_label}#{self.object_pk}"


class SearchDocument(models.Model):
    """One indexed item of the database backend (the same document the engine receives).

    Full-text columns: on PostgreSQL the two tsvectors below (GIN-indexed, filled with unaccent for
    the folded one); on SQLite two FTS5 tables keyed by this row's id (created by migration 0002).
    `facet_tokens` holds "facet=value" strings (text[] with a GIN index on PostgreSQL).
    """

    kind = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    text_high = models.TextField(blank=True)
    text_mid = models.TextField(blank=True)
    text_low = models.TextField(blank=True)
    suggest_folded = models.CharField(max_length=500, blank=True)
    facet_tokens = TokenListField(default=list)
    price = models.BigIntegerField(null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # the document stops being found at this moment even before anything reindexes it (a
    # consultant's certificate ends at midnight; the daily job that expires it runs later)
    visible_until = models.DateTimeField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    vector_folded = SearchVectorField(null=True, blank=True)
    vector_exact = SearchVectorField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]
        indexes = [
            models.Index(fields=["price"], name="search_doc_price_idx"),
            models.Index(fields=["rating"], name="search_doc_rating_idx"),
            models.Index(fields=["published_at"], name="search_doc_published_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchMatchRow(models.Model):
    """PostgreSQL only: the narrow twin of a SearchDocument (same id) that matching, filtering,
    facet counting and the cheap first ranking pass read.

    SearchDocument rows are wide (text, display data, two weighted tsvectors: about 1.4 kB); visiting
    every matched one to count facets cost most of a faceted query. This row keeps only what the
    set operations need: the folded words without positions (`terms`, GIN), the folded words of the
    title tier (`title_terms`, for the cheap ranking pass), the facet tokens as integers from
    SearchToken (`tokens`, GIN), price, rating, publication date and the end of visibility. Filled
    by the database backend; empty on SQLite (FTS5 tables serve there).

    `tokens` also holds the document's range buckets ("price=1m-5m"), computed when it is indexed:
    counting one array of small integers per row is what a faceted query spends its time on, and
    integers hash and compare faster than strings (measured: -25 % on the faceted statement).
    Changing a range facet's buckets therefore needs `search_index --rebuild`.
    """

    id = models.BigIntegerField(primary_key=True)
    terms = SearchVectorField(null=True)
    title_terms = SearchVectorField(null=True)
    tokens = IntegerListField(default=list)
    price = models.BigIntegerField(null=True)
    rating = models.FloatField(null=True)
    published_at = models.DateTimeField(null=True)
    visible_until = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["price"], name="search_match_price_idx"),
            models.Index(fields=["rating"], name="search_match_rating_idx"),
        ]

    def __str__(self) -> str:
        return f"match row {self.id}"


class SearchToken(models.Model):
    """PostgreSQL only: the dictionary of facet tokens ("sector=C", "price=1m-5m") behind the
    integers of SearchMatchRow.tokens. Rows are only ever added (an id never changes meaning)."""

    id = models.AutoField(primary_key=True)  # int4, like the arrays that hold it
    token = models.CharField(max_length=300, unique=True)

    def __str__(self) -> str:
        return self.token


class IndexBuild(models.Model):
    """A rebuild in progress on an external engine. While one exists, the outbox processor applies
    changes to the live index but keeps the rows, so the rebuild replays them on the new index."""

    backend = models.CharField(max_length=40, unique=True)
    index_name = models.CharField(max_length=200)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.backend}: {self.index_name}"
