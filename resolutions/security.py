"""Protection of the admin login against password guessing.

`LoginThrottleMiddleware` counts failed POSTs to the admin login in Django's cache, per client
IP and username and per client IP alone (so trying many usernames from one address is caught
too). Once a count reaches its limit within the window, further login POSTs from that client
are answered 429 with a Retry-After header, without checking the password at all. A
successful login clears the count for that IP and username.

Counters live in the default cache: with several server processes it must be a shared one
(the settings use a file-based cache outside debug; see docs/operations.md).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

log = logging.getLogger("archive.security")


@dataclass(frozen=True, slots=True)
class Limits:
    per_user: int  # failures for one IP and username
    per_ip: int  # failures from one IP, whatever the username
    window: int  # seconds


def limits() -> Limits:
    return Limits(
        per_user=getattr(settings, "LOGIN_THROTTLE_FAILURES_PER_USER", 5),
        per_ip=getattr(settings, "LOGIN_THROTTLE_FAILURES_PER_IP", 20),
        window=getattr(settings, "LOGIN_THROTTLE_WINDOW", 15 * 60),
    )


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a reverse proxy (DJANGO_BEHIND_PROXY=1) it is the last
    X-Forwarded-For entry, the one our own proxy appended; earlier entries can be forged."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.headers.get("X-Forwarded-For", "")
        if hops := [hop.strip() for hop in forwarded.split(",") if hop.strip()]:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def cache_key(*parts: str) -> str:
    # Hashed: usernames are arbitrary text and cache keys must be short and printable.
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    return f"login-throttle:{digest}"


class Counter:
    """A failure count that expires a fixed window after its first failure."""

    def __init__(self, key: str, window: int) -> None:
        self.key, self.window = key, window

    @property
    def count(self) -> int:
        return cache.get(self.key, 0)

    def add_failure(self) -> int:
        expires = time.time() + self.window
        if cache.add(self.key, 0, self.window):
            cache.set(f"{self.key}:expires", expires, self.window)
        try:
            return cache.incr(self.key)
        except ValueError:  # expired between add() and incr()
            cache.set(self.key, 1, self.window)
            cache.set(f"{self.key}:expires", expires, self.window)
            return 1

    def retry_after(self) -> int:
        expires = cache.get(f"{self.key}:expires")
        if expires is None:
            return self.window
        return max(1, math.ceil(expires - time.time()))

    def clear(self) -> None:
        cache.delete_many([self.key, f"{self.key}:expires"])


class LoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._login_path: str | None = None

    def login_path(self) -> str:
        if self._login_path is None:
            try:
                self._login_path = reverse("admin:login")
            except NoReverseMatch:
                self._login_path = ""
        return self._login_path

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path_info != self.login_path():
            return self.get_response(request)
        rules = limits()
        ip = client_ip(request)
        username = request.POST.get("username", "").strip().casefold()[:150]
        counters = [
            (Counter(cache_key("user", ip, username), rules.window), rules.per_user),
            (Counter(cache_key("ip", ip), rules.window), rules.per_ip),
        ]
        blocked = [c for c, limit in counters if c.count >= limit]
        if blocked:
            retry_after = max(c.retry_after() for c in blocked)
            log.warning("admin login throttled for %s", ip)
            response = render(request, "429.html", {"retry_after": retry_after}, status=429)
            response["Retry-After"] = str(retry_after)
            return response

        response = self.get_response(request)
        # The admin login redirects on success and shows the form again on failure.
        if response.status_code in (301, 302, 303):
            counters[0][0].clear()
        else:
            for counter, _ in counters:
                counter.add_failure()
            log.info("failed admin login from %s", ip)
        return response
