"""A caseworker's session, for `make loadtest`: find where the client lives, search nearby with and without filters,
pan the map, open a service page. Loopback only; the geocoder provider is off, so place search is our gazetteer."""

import random

from locust import HttpUser, between, task

PLACES = ["Κυψέλη", "kypseli", "Πατήσια", "Piraeus", "Εξάρχεια", "exarchia", "Κολωνός", "Ομόνοια", "Γκύζη",
          "Περιστέρι", "Kallithea", "Νέα Σμύρνη", "Ευαγγελισμός", "Θεσσαλονίκη", "Λάρισα"]  # fmt: skip
FILTERS = [{}, {}, {"category": "health"}, {"language": "ar"}, {"category": "rights-legal", "language": "fa"},
           {"free": "true"}, {"open_now": "true"}, {"audience": "women"}, {"q": "nomiki"}]  # fmt: skip


class Caseworker(HttpUser):
    wait_time = between(0.5, 2.0)  # reading the screen, talking with the client

    def on_start(self) -> None:
        self.lat, self.lon = 37.9838, 23.7275
        self.service_ids: list[str] = []

    @task(2)
    def find_the_place(self) -> None:
        place = random.choice(PLACES)
        with self.client.get("/api/geocode/", params={"q": place}, name="/api/geocode/", catch_response=True) as r:
            candidates = r.json().get("results", []) if r.status_code == 200 else []
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif candidates:
                self.lat, self.lon = candidates[0]["lat"], candidates[0]["lon"]

    @task(5)
    def search_nearby(self) -> None:
        lat = self.lat + random.gauss(0, 0.01)
        lon = self.lon + random.gauss(0, 0.01)
        params = {"lat": round(lat, 6), "lon": round(lon, 6), **random.choice(FILTERS)}
        with self.client.get("/api/nearby/", params=params, name="/api/nearby/", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return
            ids = [f["properties"]["service_id"] for f in r.json()["features"]]
            self.service_ids = ids[:10] or self.service_ids

    @task(5)
    def pan_the_map(self) -> None:
        zoom = random.randint(11, 17)
        half = 640 * 360 / (256 * 2**zoom)
        lat, lon = self.lat + random.gauss(0, 0.02), self.lon + random.gauss(0, 0.02)
        bbox = f"{lon - half:.5f},{lat - half * 0.6:.5f},{lon + half:.5f},{lat + half * 0.6:.5f}"
        self.client.get("/api/map/", params={"bbox": bbox, "zoom": zoom, **random.choice(FILTERS[:4])},
                        name="/api/map/")  # fmt: skip

    @task(2)
    def open_a_service(self) -> None:
        if self.service_ids:
            self.client.get(f"/services/{random.choice(self.service_ids)}/", name="/services/<id>/")

    @task(1)
    def open_the_search_page(self) -> None:
        self.client.get("/", params={"lat": self.lat, "lon": self.lon}, name="/ (search page)")
