"""A search page's window (up to 10,000 rows) is freed as soon as the page is made, not left
to the garbage collector: Django's template context is a reference cycle, so what the page
holds lives on until a collection."""

from __future__ import annotations

import gc
import weakref

import pytest

from resolutions.search import service


class Rows(list):
    """A list that can be watched with a weak reference."""


@pytest.fixture
def watched_rows(monkeypatch):
    """Weak references to the rows of every window the next searches make."""
    made: list[weakref.ref] = []
    window_of = service.window_of

    def watched(*args, **kwargs):
        window = window_of(*args, **kwargs)
        window.rows = Rows(window.rows)
        made.append(weakref.ref(window.rows))
        return window

    monkeypatch.setattr(service, "window_of", watched)
    return made


@pytest.mark.parametrize("extra", [{}, {"group": "resolution"}, {"sort": "newest"}])
def test_the_window_is_freed_without_the_garbage_collector(client, seeded, watched_rows, extra):
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        response = client.get("/search/", {"q": "States"} | extra)
        assert response.status_code == 200 and response.context["outcome"].count > 1
        assert len(watched_rows) == 1
        del response
        assert watched_rows[0]() is None
    finally:
        if enabled:
            gc.enable()
