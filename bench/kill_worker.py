"""After DELAY seconds, kill -9 the gunicorn worker (a child of MASTER) holding the most
connections on PORT, then wait for gunicorn to fork its replacement (30 s at most); print
what happened as JSON. bench/load_bench.py runs it in its own process: reading /proc there
would freeze locust's event loop, and the in-flight requests would drain before the kill.

    python bench/kill_worker.py MASTER PORT DELAY
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

import psutil


def connections(worker: psutil.Process, port: int) -> int:
    try:
        return sum(
            1
            for c in worker.net_connections("tcp")
            if c.laddr and c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED
        )
    except psutil.Error:
        return 0


def main(master: int, port: int, delay: float) -> dict[str, object]:
    time.sleep(delay)
    workers = psutil.Process(master).children()
    if not workers:
        return {"error": "no worker found"}
    held = {w.pid: connections(w, port) for w in workers}
    victim = max(workers, key=lambda w: held[w.pid])
    os.kill(victim.pid, signal.SIGKILL)
    killed = time.monotonic()
    out: dict[str, object] = {"pid": victim.pid, "connections": held}
    while time.monotonic() < killed + 30:
        new = [w.pid for w in psutil.Process(master).children() if w.pid not in held]
        if new:
            out.update(replacement=new[0], after=time.monotonic() - killed)
            break
        time.sleep(0.02)
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))))
