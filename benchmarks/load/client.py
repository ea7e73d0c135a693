"""A mixed request stream against a running archive, from threads with keep-alive
connections; prints requests per second, latency percentiles, errors and 5xx.

    python benchmarks/load/client.py http://127.0.0.1:8765 --duration 60 --threads 16

Only loopback addresses are accepted. Exit status 1 when any request failed or answered
5xx. The stream is deterministic for a --seed; the paths it picks come from the server's
own JSON (resolution slugs) so that pages and API calls hit real rows.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import random
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

SEARCH_WORDS = [
    "terrorism", "technical assistance", '"foreign terrorist fighters"', "victims",
    "cooperation OR assistance", "crim*", "human rights -children", "internet",
    "financing of terrorism", "capacity-building", "border", "kidnapping",
]  # fmt: skip
VERBS = ["request", "urge", "call upon", "encourage", "recall", "reaffirm"]
YEARS = [2005, 2013, 2015, 2017, 2023]
# A query broad enough to need the search time limit on a large corpus.
BROAD = " OR ".join(f"{c}*" for c in "abcdefghilmnoprstuvw")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int | None, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds * 1000)
            if status is not None:
                self.statuses[status] += 1
            if error:
                self.errors[error] += 1


def require_loopback(host: str) -> None:
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        sys.exit(f"cannot resolve {host}")
    if not address.is_loopback:
        sys.exit(f"{host} is not a loopback address: the load test only runs on this machine")


def pick(rng: random.Random, slugs: list[str]) -> tuple[str, str]:
    """One request of the mix: (kind, path)."""
    roll = rng.random()
    if roll < 0.30:
        return "search", "/search/?" + urlencode({"q": rng.choice(SEARCH_WORDS)})
    if roll < 0.45:
        params = {"q": rng.choice(SEARCH_WORDS), "year": rng.choice(YEARS)}
        if rng.random() < 0.5:
            params["verb"] = rng.choice(VERBS)
        if rng.random() < 0.3:
            params["group"] = "resolution"
        return "search+filters", "/search/?" + urlencode(params)
    if roll < 0.60:
        return "page", f"/resolutions/{rng.choice(slugs)}/"
    if roll < 0.68:
        return "list", f"/resolutions/?page={rng.randint(1, 3)}"
    if roll < 0.73:
        return "home", "/"
    if roll < 0.85:
        return "api", "/api/search/?" + urlencode({"q": rng.choice(SEARCH_WORDS), "page": 1})
    if roll < 0.95:
        return "api", f"/api/resolutions/{rng.choice(slugs)}/"
    if roll < 0.99:
        return "api", f"/api/resolutions/?page={rng.randint(1, 3)}"
    return "broad search", "/search/?" + urlencode({"q": BROAD})


def worker(base, slugs, deadline, seed, tally, timeout) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=timeout)
    while time.monotonic() < deadline:
        kind, path = pick(rng, slugs)
        started = time.monotonic()
        try:
            connection.request("GET", path, headers={"Host": base.netloc})
            response = connection.getresponse()
            response.read()
            status = response.status
            error = f"HTTP {status} {kind}" if status >= 500 else ""
            tally.add(kind, status, time.monotonic() - started, error)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as exc:
            tally.add(kind, None, time.monotonic() - started, f"{type(exc).__name__} {kind}")
            connection.close()
            connection = http.client.HTTPConnection(base.hostname, base.port, timeout=timeout)
    connection.close()


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    base = urlsplit(args.base_url)
    require_loopback(base.hostname)
    args.duration = min(args.duration, 600)  # bounded in time, whatever is asked

    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=args.timeout)
    connection.request("GET", "/api/resolutions/?page_size=100", headers={"Host": base.netloc})
    listing = json.loads(connection.getresponse().read())
    slugs = [r["slug"] for r in listing["results"]]
    connection.close()

    tally = Tally()
    deadline = time.monotonic() + args.duration
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=worker, args=(base, slugs, deadline, args.seed + n, tally, args.timeout)
        )
        for n in range(args.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    every = sorted(ms for values in tally.latencies.values() for ms in values)
    total = len(every)
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    failed = sum(tally.errors.values())
    figures = {
        "duration_s": round(elapsed, 1),
        "threads": args.threads,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "p50_ms": round(percentile(every, 50), 1),
        "p90_ms": round(percentile(every, 90), 1),
        "p99_ms": round(percentile(every, 99), 1),
        "max_ms": round(every[-1], 1) if every else 0,
        "errors": failed,
        "5xx": server_errors,
        "statuses": dict(sorted(tally.statuses.items())),
        "by_kind": {
            kind: {
                "n": len(values),
                "p50_ms": round(statistics.median(values), 1),
                "p99_ms": round(percentile(sorted(values), 99), 1),
            }
            for kind, values in sorted(tally.latencies.items())
        },
    }
    print(f"{total} requests in {elapsed:.1f} s from {args.threads} threads: "
          f"{figures['requests_per_s']} requests/s")  # fmt: skip
    print(f"latency ms: p50 {figures['p50_ms']}  p90 {figures['p90_ms']}  "
          f"p99 {figures['p99_ms']}  max {figures['max_ms']}")  # fmt: skip
    print(f"errors: {failed}  5xx: {server_errors}  statuses: {figures['statuses']}")
    for kind, row in figures["by_kind"].items():
        print(f"  {kind:<15} n={row['n']:<6} p50 {row['p50_ms']:>7} ms  p99 {row['p99_ms']:>7} ms")
    for error, n in tally.errors.most_common(10):
        print(f"  error: {error} x{n}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    return 1 if failed or server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
