"""`python -m tracker.reports.render_worker`: the helper process of tracker/reports/images.py.

Reads a pickled list of (key, power_interest_png arguments) on stdin and writes a pickled
{key: PNG bytes} on stdout. Only ever started by `Pictures`, which sends data it made itself.
"""

from __future__ import annotations

import pickle
import sys


def main() -> int:
    from tracker.reports.images import power_interest_png

    jobs = pickle.loads(sys.stdin.buffer.read())
    out = {key: power_interest_png(*args) for key, args in jobs}
    sys.stdout.buffer.write(pickle.dumps(out))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
