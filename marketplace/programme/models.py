"""Pre-aggregated indicator data (maintained by aggregates.py; read by selectors.py).

- ``IndicatorFact``: every fact a materialised source yields, with the cuts of its enterprise at the
  time it was computed; ``counted`` marks the one fact per (indicator, unit) that counts (the earliest).
  The drill-down reads it.
- ``IndicatorCell``: the counted facts summed per (indicator, cut, value, month, group). Each counted
  fact adds to one cell of every cut: ``cut=""`` (the total, by month), ``section``, ``ward``, ``size``
  and each extra dimension its source declares. Pages and the API read these few rows.
- ``DirtyEnterprise``: enterprises whose records changed since the aggregates were last brought up to
  date. Database triggers on the watched tables write these rows in the writing transaction.
- ``SourceState``: which sources are materialised, and when they were last recomputed in full.
"""

from __future__ import annotations

from django.db import models


class IndicatorFact(models.Model):
    indicator = models.CharField(max_length=64)
    source = models.CharField(max_length=64)
    unit = models.CharField(max_length=64)
    record = models.CharField(max_length=64)
    on = models.DateField()
    month = models.DateField()
    enterprise_id = models.BigIntegerField(null=True, blank=True)
    group_key = models.CharField(max_length=32, blank=True, default="")
    amount = models.BigIntegerField(default=1)
    section = models.CharField(max_length=16, blank=True, default="")
    ward = models.CharField(max_length=16, blank=True, default="")
    size = models.CharField(max_length=16, blank=True, default="")
    dimensions = models.JSONField(default=dict, blank=True)
    counted = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["enterprise_id"], name="programme_fact_enterprise_idx"),
            models.Index(fields=["indicator", "counted", "on"], name="programme_fact_counted_idx"),
            models.Index(fields=["indicator", "source"], name="programme_fact_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.record}"


class IndicatorCell(models.Model):
    indicator = models.CharField(max_length=64)
    cut = models.CharField(max_length=32, blank=True, default="")
    value = models.CharField(max_length=64, blank=True, default="")
    month = models.DateField()
    group_key = models.CharField(max_length=32, blank=True, default="")
    facts = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "cut", "value", "month", "group_key"], name="programme_cell_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.cut}={self.value} {self.month:%Y-%m} {self.group_key}"


class DirtyEnterprise(models.Model):
    id = models.BigAutoField(primary_key=True)
    enterprise_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"enterprise {self.enterprise_id}"


class SourceState(models.Model):
    indicator = models.CharField(max_length=64)
    source = models.CharField(max_length=64)
    scoped = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "source"], name="programme_source_key")]

    def __str__(self) -> str:
        return f"{self.indicator}/{self.source}"
