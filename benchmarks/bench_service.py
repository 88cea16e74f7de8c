"""``POST /v1/solve`` on LUVN with 8 concurrent clients (issue 26, acceptance 3: p95 <= 300 ms).

``python benchmarks/bench_service.py`` starts ``placement serve`` as its own process (as a county
would run it, one uvicorn worker) with a token, warms it with 5 solves, then runs 8 client
threads that each post the bundled LUVN problem 25 times in a row (200 requests), and records
every request's latency from send to the last byte. It rewrites its section of ``RESULTS.md``.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

import placement as pl
from placement.service.config import hash_token

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, write_section

CLIENTS, REQUESTS, TARGET_MS, TOKEN = 8, 25, 300.0, "bench-token-0123456789"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _client(url: str, body: bytes, out: list[float]) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    with httpx.Client(base_url=url, timeout=60, headers=headers) as http:
        for _ in range(REQUESTS):
            began = time.perf_counter()
            response = http.post("/v1/solve", content=body)
            out.append(time.perf_counter() - began)
            assert response.status_code == 200, response.text


def main() -> None:
    body = json.dumps({"problem": json.loads(pl.datasets.load("luvn").model_dump_json())}).encode()
    port = _port()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "service.json"
        token = {"id": "bench", "role": "read", "sha256": hash_token(TOKEN)}
        config.write_text(json.dumps({"tokens": [token]}), encoding="utf-8")
        command = [sys.executable, "-m", "placement.cli", "serve", "--config", str(config)]
        server = subprocess.Popen(
            [*command, "--port", str(port)], env=os.environ.copy(), stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(f"{url}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            warm: list[float] = []
            _client_n(url, body, warm, 5)
            latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
            threads = [
                threading.Thread(target=_client, args=(url, body, latencies[k]))
                for k in range(CLIENTS)
            ]
            began = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
    every = sorted(x * 1000 for one in latencies for x in one)
    p50 = statistics.median(every)
    p95 = every[int(0.95 * (len(every) - 1))]
    verdict = "met" if p95 <= TARGET_MS else "missed"
    text = f"""## Service: `POST /v1/solve` on LUVN, {CLIENTS} concurrent clients

Reproduce: `python benchmarks/bench_service.py`. {machine()}. `placement serve` in its own
process (one uvicorn worker; solves in its pool of solver processes, one per core),
{CLIENTS} client threads posting the LUVN problem ({len(body) / 1000:.0f} kB) {REQUESTS} times
each, after 5 warm-up solves; latency from send to the last byte of the result.

| measure | value |
|---|---:|
| requests | {len(every)} |
| median latency | {p50:.0f} ms |
| p95 latency (target {TARGET_MS:.0f} ms: {verdict}) | {p95:.0f} ms |
| slowest | {every[-1]:.0f} ms |
| throughput | {len(every) / wall:.1f} solves/s |
"""
    print(text)
    write_section("bench_service", text)


def _client_n(url: str, body: bytes, out: list[float], n: int) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    with httpx.Client(base_url=url, timeout=60, headers=headers) as http:
        for _ in range(n):
            response = http.post("/v1/solve", content=body)
            assert response.status_code == 200, response.text


if __name__ == "__main__":
    main()
