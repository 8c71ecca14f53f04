"""The map's town names (`/api/towns`): GeoNames' towns installed with the package, in
the conflict packs' countries, largest first, the smallest asked for by the page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from warmonitor.publish.api import create_app
from warmonitor.store.database import open_store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    engine = open_store(str(tmp_path_factory.mktemp("towns") / "store.sqlite"))
    with TestClient(create_app(engine)) as client:
        yield client
    engine.dispose()


def test_the_largest_towns_in_the_box_come_first(client):
    # western Syria and Lebanon: Aleppo (2.1 million) before Damascus (1.6 million), Homs after both
    towns = client.get("/api/towns", params={"bbox": "35.5,33,38.5,36.6", "min_population": 500_000}).json()["towns"]
    names = [t["name"] for t in towns]
    assert names.index("Aleppo") < names.index("Damascus") < names.index("Homs"), names
    assert all(t["population"] >= 500_000 for t in towns)
    assert {t["country"] for t in towns} <= {"SY", "LB"}


def test_a_town_of_a_country_no_pack_covers_is_not_named(client):
    # Paris (France has no conflict pack)
    assert client.get("/api/towns", params={"bbox": "2.2,48.8,2.5,48.9"}).json()["towns"] == []


@pytest.mark.parametrize("params", [{"bbox": "36,35,35,36"}, {"bbox": "x"}, {"bbox": "35,33,38,36", "min_population": 10}])
def test_a_bad_box_or_population_is_refused(client, params):
    assert client.get("/api/towns", params=params).status_code == 422
