"""The 000 document's Locust run, against perflab's recommendations service.

    locust -f load-tests/recommendations/locustfile.py --headless --host http://127.0.0.1:3000 \
        --csv out --csv-full-history              # PROFILE=load: the document's 200 users, 20/s, 5 min
    npm run bench -- recommendations --profile load --generator both   # k6 and Locust, one report

Each user posts a behaviour (weight 3) or reads its recommendations (weight 1) and waits
between(1, 2) s: ~0.65 req/s per user, the document's ~130 req/s for 200 users. Ids are the
seed's (seed.ts): u0001…u2000, P0001…P1000 in 20 categories, low ranks the bestsellers — the same
draws as the k6 script (_recommendations.js). The shape follows PROFILE (smoke, load, stress,
spike, soak, levels with LEVEL_VUS as the bench sets it), so the bench passes no -u/-r/-t.
"""
import os
import random

from locust import FastHttpUser, HttpUser, LoadTestShape, between, task

USERS = 2000
PRODUCTS = 1000
CATEGORIES = 20
PROFILE = os.environ.get("PROFILE", "smoke")
DURATION_SCALE = float(os.environ.get("DURATION_SCALE", "1"))
# LEVEL_VUS is already a level's total (as k6's level() takes it): not scaled again.
USER_SCALE = 1.0 if PROFILE == "levels" and "LEVEL_VUS" in os.environ else float(os.environ.get("VU_SCALE", "1"))


def random_user() -> str:
    return f"u{random.randint(1, USERS):04d}"


def random_product() -> str:
    category = random.randrange(CATEGORIES)
    rank = int(random.random() ** 2 * (PRODUCTS // CATEGORIES))
    return f"P{rank * CATEGORIES + category + 1:04d}"


def random_action() -> str:
    r = random.random()
    return "view" if r < 0.8 else "add_to_cart" if r < 0.95 else "purchase"


# The document ran HttpUser (python-requests). Locust times a request including its client's own
# work, so LOCUST_CLIENT=fast (geventhttpclient) measures how much of Locust's latency is its client.
ShopperBase = FastHttpUser if os.environ.get("LOCUST_CLIENT") == "fast" else HttpUser


class Shopper(ShopperBase):
    wait_time = between(1, 2)

    @task(3)
    def behavior(self):
        body = {"userId": random_user(), "productId": random_product(), "action": random_action()}
        with self.client.post(
            "/api/user-behavior", json=body, name="POST /api/user-behavior", catch_response=True
        ) as res:
            if res.status_code != 202:
                res.failure(f"status {res.status_code}")

    @task(1)
    def recommendations(self):
        with self.client.get(
            f"/api/recommendations/{random_user()}?limit=10",
            name="GET /api/recommendations/:userId",
            catch_response=True,
        ) as res:
            if res.status_code != 200:
                res.failure(f"status {res.status_code}")
            elif not res.json().get("items"):
                res.failure("no items")


def _stages():
    """(seconds until the end of the stage, users, spawn rate), like k6's stages."""
    if PROFILE == "smoke":
        return [(30, 2, 2)]
    if PROFILE == "load":
        return [(300, 200, 20)]  # 000: -u 200 -r 20 -t 5m
    if PROFILE == "stress":
        return [(70, 200, 20), (160, 400, 20), (310, 600, 20)]
    if PROFILE == "spike":
        return [(60, 20, 20), (250, 400, 100), (430, 20, 100)]
    if PROFILE == "soak":
        return [(3600, 200, 20)]
    if PROFILE == "levels":
        return [(300, int(os.environ.get("LEVEL_VUS", os.environ.get("LEVEL_USERS", "200"))), 20)]
    raise ValueError(f'profile "{PROFILE}" not defined here')


class ProfileShape(LoadTestShape):
    stages = [(end * DURATION_SCALE, max(1, round(users * USER_SCALE)), rate) for end, users, rate in _stages()]

    def tick(self):
        now = self.get_run_time()
        for end, users, rate in self.stages:
            if now < end:
                return users, rate
        return None
