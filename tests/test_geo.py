import numpy as np
import pytest

from vte import geo


def test_haversine_paris_lyon_is_about_392_km():
    d = geo.haversine_km(48.8566, 2.3522, 45.7640, 4.8357)
    assert d == pytest.approx(392, abs=3)


def test_haversine_is_vectorised_and_zero_on_the_same_point():
    d = geo.haversine_km(46.26, 5.66, np.array([46.26, 45.76]), np.array([5.66, 4.84]))
    assert d.shape == (2,)
    assert d[0] == pytest.approx(0.0, abs=1e-9)
    assert d[1] > 70


def test_near_weight_is_one_nearby_half_at_the_midpoint_and_vanishes_beyond():
    w = geo.near_weight([0, 20, 30, 40, 300], half_km=30, softness_km=3)
    assert w[0] > 0.999 and w[1] > 0.95
    assert w[2] == pytest.approx(0.5)
    assert w[3] < 0.05 and w[4] < 1e-9
    assert list(w) == sorted(w, reverse=True)


@pytest.mark.parametrize(
    "lat, lon, inside",
    [
        (45.76, 4.83, True),
        (42.70, 9.45, True),
        (-21.1, 55.5, True),
        (16.2, -61.5, True),
        (51.5, -0.12, False),
        (0.0, 0.0, False),
        (40.4, -3.7, False),
    ],
)
def test_in_france_covers_metropole_corsica_and_overseas(lat, lon, inside):
    assert geo.in_france(lat, lon) is inside
