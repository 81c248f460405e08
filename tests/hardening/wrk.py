"""Mixed load with wrk (Debian's package) against a real server: For you reads with a personal
token and publisher pushes (each a new article the server's worker then understands), run side
by side so each endpoint gets its own latency figures. Used by tests/hardening/test_load.py and
bench/http_load.py."""

from __future__ import annotations

import re
import subprocess
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PUSH_SCRIPT = """
local counter = 0
local threads = 0
local run = "run"
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  run = args[1]
end
function request()
  counter = counter + 1
  local body = string.format(
    '{"id":"load-%s-%d-%d","title":"Flooding in the delta: day %d of the relief effort",' ..
    '"text":"%s Report number %d."}', run, tid, counter, counter, TEXT, counter)
  return wrk.format("POST", "/api/v1/articles", HEADERS, body)
end
"""
TEXT = (
    "Rescue teams from the Red Cross reached villages near Dhaka on Tuesday after the Meghna river "
    "burst its banks. The government of Bangladesh said forty thousand people had left their homes, "
    "and the United Nations asked donors in Geneva for emergency funds. Prime Minister Sheikh Hasina "
    "visited shelters in Chandpur and promised new embankments before the next monsoon."
)


@dataclass(frozen=True)
class WrkResult:
    name: str
    requests: int
    seconds: float
    non_2xx_3xx: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors

    def line(self) -> str:
        return (
            f"{self.name:<24} {self.requests:>6} requests {self.requests / self.seconds:7.1f}/s   "
            f"p50 {self.p50_ms:7.1f} ms  p90 {self.p90_ms:7.1f} ms  p99 {self.p99_ms:7.1f} ms   "
            f"errors {self.errors} (non-2xx/3xx {self.non_2xx_3xx}, socket {self.socket_errors})"
        )


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse(name: str, output: str, seconds: float) -> WrkResult:
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.M))
    return WrkResult(
        name,
        requests,
        seconds,
        int(non2xx.group(1)) if non2xx else 0,
        sum(int(x) for x in sockets.groups()) if sockets else 0,
        _ms(latency["50"]),
        _ms(latency["90"]),
        _ms(latency["99"]),
    )


def wrk(
    url: str,
    *,
    name: str,
    seconds: int,
    connections: int,
    headers: dict[str, str],
    script: str | None = None,
    args: tuple[str, ...] = (),
) -> WrkResult:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    with tempfile.TemporaryDirectory() as tmp:
        if script:
            path = Path(tmp) / "script.lua"
            path.write_text(script)
            cmd += ["-s", str(path)]
        cmd.append(url)
        if args:
            cmd += ["--", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120, check=True)
    return parse(name, done.stdout, seconds)


def mixed(
    base: str, *, reader_token: str, publisher_token: str, seconds: int, readers: int = 4, pushers: int = 1
) -> tuple[WrkResult, WrkResult]:
    """For you reads and pushes at the same time; returns (for_you, pushes)."""
    headers = f'{{["Content-Type"]="application/json", ["Authorization"]="Bearer {publisher_token}"}}'
    script = f'HEADERS = {headers}\nTEXT = "{TEXT}"\n{PUSH_SCRIPT}'
    with ThreadPoolExecutor(2) as pool:
        reads = pool.submit(
            wrk,
            f"{base}/api/v1/feed/for-you",
            name="GET /api/v1/feed/for-you",
            seconds=seconds,
            connections=readers,
            headers={"Authorization": f"Bearer {reader_token}"},
        )
        pushes = pool.submit(
            wrk,
            f"{base}/api/v1/articles",
            name="POST /api/v1/articles",
            seconds=seconds,
            connections=pushers,
            headers={},
            script=script,
            args=(uuid.uuid4().hex[:8],),
        )
        return reads.result(), pushes.result()
