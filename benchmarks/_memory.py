"""This process's memory: the one reader every benchmark uses.

Linux reports both numbers in /proc/self/status: `VmRSS`, the resident
set size now, and `VmHWM`, its peak since the process started. Where
there is no /proc, the peak falls back on `getrusage`'s `ru_maxrss`,
which has a catch on Linux: it survives `exec`, so a child started by a
large process reports its parent's peak until it grows past it. That is
why /proc comes first.
"""

import resource
import sys

__all__ = ["peak_resident_bytes", "resident_bytes", "resident_mib"]

_STATUS = "/proc/self/status"


def _status_kib(field):
  """A `kB` field of /proc/self/status as an int, or None without /proc."""
  try:
    with open(_STATUS) as status:
      for line in status:
        if line.startswith(field + ":"):
          return int(line.split()[1])
  except (OSError, ValueError, IndexError):
    pass
  return None


def resident_bytes():
  """The resident set size now, in bytes, or None where it cannot be read."""
  kib = _status_kib("VmRSS")
  return None if kib is None else kib * 1024


def resident_mib():
  """The resident set size now, in MiB (Linux only)."""
  return resident_bytes() / 2.0 ** 20


def peak_resident_bytes():
  """The largest resident set size this process has had, in bytes."""
  kib = _status_kib("VmHWM")
  if kib is not None:
    return kib * 1024
  peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
  # macOS gives bytes, other systems kilobytes.
  return peak if sys.platform == "darwin" else peak * 1024

