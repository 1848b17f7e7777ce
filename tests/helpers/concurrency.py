"""Things done at the same time, as concurrent requests are."""

from __future__ import annotations

import threading
from collections.abc import Callable


def all_at_once(calls: list[Callable[[], None]]) -> None:
    """Run the calls in threads at the same time (concurrent submissions) and wait."""
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
