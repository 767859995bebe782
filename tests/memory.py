"""Peak memory of the running process, for benchmarks and the hostile-input test."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM, not ``ru_maxrss``: Linux carries ``ru_maxrss`` over from the parent through fork
    (or vfork) and exec, so a child started by a 600 MB pytest run would report 600 MB.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> float:
    """Make the peak the current resident memory (Linux: ``clear_refs`` 5) and return it in
    MB, so a later ``peak_rss_mb`` measures what came after, not a passing peak before (such
    as unpickling the texts a benchmark feeds in)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return peak_rss_mb()
