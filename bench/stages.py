"""One build in a fresh process; prints its stage timings and peak memory as JSON (used by bench/run.py)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.build import build_project


def cpu_seconds() -> float:
    """User + system CPU time of this process and of the programs it ran (Pagefind)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    start = time.perf_counter()
    result = build_project(Path(sys.argv[1]))
    print(
        json.dumps(
            {
                "timings": result.timings,
                "memory_kib": result.memory,
                "wall": time.perf_counter() - start,
                "cpu": cpu_seconds(),
                "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "pages": result.pages,
                "written": len(result.written),
                "reused_pages": result.reused_pages,
                "search_reused": result.search_reused,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
