"""Facet links: the current parameters with one facet value added or removed."""

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.search.service import MULTI_VALUED, FacetLinks

names = st.sampled_from(["q", "year", "body", "verb", "kind", "sponsor", "page", "sort"])
values = st.text(alphabet='ab &=+é"%/', max_size=4)


def reference_link(params: QueryDict, name: str, value: str) -> str:
    """The obvious way: copy the parameters, change this facet's values, encode them all."""
    changed = params.copy()
    changed.pop("page", None)
    current = changed.getlist(name)
    if value in current:
        current.remove(value)
    elif name in MULTI_VALUED:
        current.append(value)
    else:
        current = [value]
    changed.setlist(name, current)
    encoded = changed.urlencode()
    return f"?{encoded}"


@settings(max_examples=300)
@given(
    pairs=st.lists(st.tuples(names, values), max_size=8),
    name=st.sampled_from(["year", "body", "verb", "kind", "sponsor"]),
    value=values,
)
def test_a_link_is_the_parameters_with_that_value_toggled(pairs, name, value):
    params = QueryDict(mutable=True)
    for key, v in pairs:
        params.appendlist(key, v)
    assert FacetLinks(params, name).link(value) == reference_link(params, name, value)
