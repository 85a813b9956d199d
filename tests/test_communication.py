import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamsim import communication_paths, two_pizza
from teamsim.errors import InputError


@given(st.integers(min_value=0, max_value=10_000))
def test_paths_formula(n):
    assert communication_paths(n) == n * (n - 1) // 2
    # adding the (n+1)-th person adds n paths
    assert communication_paths(n + 1) - communication_paths(n) == n


def test_paths_vectorised_and_errors():
    assert communication_paths(np.arange(6)).tolist() == [0, 0, 1, 3, 6, 10]
    with pytest.raises(InputError):
        communication_paths(-1)


def test_two_pizza():
    assert two_pizza(9).ok and two_pizza(9).communication_paths == 36
    c = two_pizza(19, limit=9)
    assert (c.ok, c.excess, c.suggested_teams) == (False, 10, 3)
    with pytest.raises(InputError):
        two_pizza(3, limit=0)
