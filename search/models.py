from django.db import models


class OutboxEntry(models.Model):
    """A row changed in a domain app that the search engine has not acknowledged yet.

    Rows are written on commit (see search.outbox.enqueue) and deleted only after the engine
    acknowledged the bulk request that carried them, so a stopped engine loses nothing.
    """

    model_label = models.CharField(max_length=100)  # "catalogue.solution"
    object_pk = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["model_label", "object_pk"], name="search_outbox_obj_idx")]

    def __str__(self) -> str:
        return f"{self.model_label}#{self.object_pk}"
