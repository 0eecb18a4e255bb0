# 001 §1.2 "Real-time Messaging Load Test" — the document's Locust script, made runnable and
# measured. What changed from the printed script, and why:
#   * `HttpUser` was used but never imported: imported (the user class still names the host).
#   * `self.user_id` was never defined: each Locust user is given a real user id (and a token
#     for it) in on_start, from tokens.json (mint-tokens.mjs).
#   * The service requires a token in the handshake (auth={'token': ...}); recipient 'user_101'
#     and chat 'chat_123' are not valid here (user ids are UUIDs; a chat admits only its
#     members): each user writes to its own partner, in its own chat.
#   * The printed task connects, sends one message and disconnects every time; 10,000
#     *concurrent* connections need connections that stay open, so the user connects once
#     (on_start) and sends on each task; it waits between(0.5, 1.5) s, the printed between(1, 3)
#     per connection, since each user holds two (see WAIT).
#   * Nothing was measured (socket.io calls are not HTTP): the connect, the ack and each
#     delivery are reported to Locust as request events, so the CSV has them.
#   * Tokens: minted at start by mint-tokens.mjs (Node; Python's standard library cannot sign ES256).
# Each Locust user holds two sockets: its own (sender) and its partner's (recipient). The bench
# runs it with `npm run bench -- chat --generator both` (PROFILE, VU_SCALE, DURATION_SCALE from
# the run); its shape mirrors chat-load-test.js: connections ramped, then everyone sends.
import json
import os
import subprocess
import threading
import time
import uuid

import socketio
from locust import HttpUser, LoadTestShape, TaskSet, between, events, task

PROFILE = os.environ.get("PROFILE", "smoke")
VU_SCALE = float(os.environ.get("VU_SCALE", "1"))
DURATION_SCALE = float(os.environ.get("DURATION_SCALE", "1"))
# connections (as in chat-load-test.js; smoke unscaled), ramp seconds, sending seconds
SHAPES = {
    "smoke": (20, 5, 20),
    "load": (10_000, 60, 180),
    "stress": (15_000, 90, 180),
    "soak": (10_000, 60, 1_800),
    "levels": (10_000, 60, 120),
}
CONNECTIONS, RAMP_S, HOLD_S = SHAPES[PROFILE]
USERS = max(1, round((CONNECTIONS if PROFILE == "smoke" else CONNECTIONS * VU_SCALE) / 2))
# The offered send rate, as in chat-load-test.js: by default as below (WAIT); MSG_RATE (messages/s, all senders together; LEVEL_VUS under the levels profile)
# instead spreads that rate over the USERS senders, each waiting 0.5–1.5 × USERS / MSG_RATE s.
MSG_RATE = float(os.environ.get("MSG_RATE") or (os.environ.get("LEVEL_VUS") if PROFILE == "levels" else None) or 0)
# By default the same offered rate as chat-load-test.js, which gives each *connection* 001's
# between(1, 3) s (CONNECTIONS / 2 messages/s in all): a Locust user holds two connections and
# sends for both, so it waits half as long, between(0.5, 1.5) s. (With between(1, 3) per user,
# Locust offered half k6's rate at the same profile: 46 vs 94 msg/s in the first side-by-side run.)
WAIT = between(0.5 * USERS / MSG_RATE, 1.5 * USERS / MSG_RATE) if MSG_RATE > 0 else between(0.5, 1.5)
HERE = os.path.dirname(os.path.abspath(__file__))
TOKENS = json.loads(
    subprocess.run(
        [os.environ.get("NODE", "node"), os.path.join(HERE, "mint-tokens.mjs"), str(USERS * 2)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
)
_next = 0
_lock = threading.Lock()
STATS = {"failed": 0}
# Counted as k6 counts them: the messages whose send was acknowledged (expected at their one
# recipient) and the messages received, deduplicated by messageId; delivered = both. A message
# received but whose ack never came back (the user stopped while waiting) is not counted as
# delivered: it was never expected.
ACKED = set()
RECEIVED = set()


def take_identity():
    global _next
    with _lock:
        identity = TOKENS[_next % len(TOKENS)]
        _next += 1
        return identity


def report(name, started, error=None, kind="WS"):
    events.request.fire(
        request_type=kind,
        name=name,
        response_time=(time.time() - started) * 1000,
        response_length=0,
        exception=error,
        context={},
    )


def connect(host, token):
    client = socketio.Client(reconnection=True)
    started = time.time()
    client.connect(host, transports=["websocket"], auth={"token": token}, wait_timeout=10)
    report("connect", started)
    return client


class ChatBehavior(TaskSet):
    wait_time = WAIT

    def on_start(self):
        me, partner = take_identity(), take_identity()
        self.user_id = me["userId"]
        self.partner_id = partner["userId"]
        self.chat_id = f"locust-{self.user_id}"
        self.recipient = connect(self.user.host, partner["token"])
        self.recipient.on("new_message", self.on_new_message)
        self.sio = connect(self.user.host, me["token"])

    def on_stop(self):
        for client in (self.sio, self.recipient):
            client.disconnect()

    def on_new_message(self, data):
        try:
            sent_at = json.loads(data["message"])["t"]
        except (KeyError, ValueError, TypeError):
            return
        with _lock:
            if data["messageId"] in RECEIVED:
                return  # a duplicate (catch-up after a reconnect)
            RECEIVED.add(data["messageId"])
        report("new_message (delivery)", sent_at)

    @task
    def send_message(self):
        message_id = str(uuid.uuid4())
        started = time.time()
        payload = {
            "recipientId": self.partner_id,
            "message": json.dumps({"id": message_id, "t": started}),
            "chatId": self.chat_id,
            "messageId": message_id,
        }
        try:
            ack = self.sio.call("send_message", payload, timeout=10)
        except Exception as error:  # timeout, disconnected
            with _lock:
                STATS["failed"] += 1
            report("send_message (ack)", started, error)
            return
        if isinstance(ack, dict) and "messageId" in ack:
            with _lock:
                ACKED.add(message_id)
            report("send_message (ack)", started)
        else:
            with _lock:
                STATS["failed"] += 1
            report("send_message (ack)", started, RuntimeError(json.dumps(ack)[:200]))


class WebSocketUser(HttpUser):
    tasks = [ChatBehavior]
    host = "http://localhost:3003"


class ProfileShape(LoadTestShape):
    """All users spawned over the ramp, then held while they send; then stop."""

    def tick(self):
        now = self.get_run_time()
        if now < (RAMP_S + HOLD_S) * DURATION_SCALE:
            return USERS, max(1, USERS / max(1, RAMP_S * DURATION_SCALE))
        return None


@events.quitting.add_listener
def delivery_summary(environment, **_kwargs):
    time.sleep(float(os.environ.get("CHAT_DRAIN_SECONDS", "5")))  # let the last deliveries land
    with _lock:
        delivered = len(ACKED & RECEIVED)
        summary = {
            "acked": len(ACKED),
            "received": len(RECEIVED),
            "send_failed": STATS["failed"],
            "delivered_of_acked": delivered,
            "delivery_rate": (delivered / len(ACKED)) if ACKED else None,
        }
    print(json.dumps({"chat_delivery": summary}))
