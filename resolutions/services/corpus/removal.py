"""Remove every synthetic resolution and what hangs off it, without loading rows into Python.

Django's delete() collects each related row in memory before deleting; for a corpus of a
million paragraphs that takes far too long. Here each table is cleared with one DELETE (or
UPDATE for SET_NULL) whose WHERE is a subquery, following the models' on_delete rules.
"""

from __future__ import annotations

from django.db import connection, models, transaction

from resolutions.models import Resolution, Series, Sponsor, Sponsorship
from resolutions.services.corpus.generate import SERIES_SLUG_PREFIX
from resolutions.services.corpus.indexing import bulk_index

MAX_DEPTH = 6


def purge(queryset: models.QuerySet, depth: int = 0) -> int:
    """Delete `queryset`'s rows after their dependants; returns rows deleted at this level."""
    model = queryset.model
    ids = queryset.values("pk")
    for relation in model._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        related = relation.related_model
        if related._meta.managed is False or related._meta.proxy:
            continue  # the FTS index table: kept by triggers or rebuilt
        name = relation.field.name
        dependants = related._base_manager.filter(**{f"{name}__in": ids})
        on_delete = relation.field.remote_field.on_delete
        if on_delete is models.CASCADE and depth < MAX_DEPTH:
            purge(dependants, depth + 1)
        elif on_delete is models.SET_NULL:
            dependants.update(**{name: None})
    # _raw_delete: one DELETE ... WHERE id IN (subquery), no signals, no collection.
    return queryset._raw_delete(queryset.db)


def remove_synthetic() -> int:
    """Delete all synthetic data; returns how many resolutions were removed."""
    synthetic = Resolution.objects.filter(is_synthetic=True)
    if not synthetic.exists():
        return 0
    sponsor_ids = set(
        Sponsorship.objects.filter(resolution__is_synthetic=True).values_list(
            "sponsor_id", flat=True
        )
    )
    with bulk_index(connection), transaction.atomic():
        removed = purge(synthetic)
        Series.objects.filter(slug__startswith=SERIES_SLUG_PREFIX, resolutions=None).delete()
        # Sponsors only synthetic texts named (the generator made them): nothing uses them now.
        Sponsor.objects.filter(pk__in=sponsor_ids, sponsorships=None, aliases=None).delete()
    return removed
