"""tools/tour_expect.py JSON VARIANT WORKERS slower|faster [REASON]

Marks the records of one rung (its variant on WORKERS workers: the record's ranks x threads) in a driver's
JSON file with what the tour expects of its ratio to the baseline:
  slower  (with the one-line REASON) the tour shows a slowdown on purpose there
          (oversubscription, the price of a lock): the summary prints the reason next
          to the ratio instead of calling it a missed gain;
  faster  a concurrent rung on one thread (overlap, an event loop) that must gain,
          like every parallel rung on >= 2 workers does without a mark."""
import json
import sys

from ..records import read, workers


def main(argv):
    if len(argv) not in (5, 6) or not argv[3].isdigit() or argv[4] not in ("slower", "faster") \
            or (argv[4] == "slower") != (len(argv) == 6):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, variant, n_workers, expected = argv[1], argv[2], int(argv[3]), argv[4]
    reason = argv[5] if len(argv) == 6 else ""
    try:
        doc = read(path)
    except (OSError, ValueError) as e:
        print(f"tour_expect: cannot read {path}: {e}", file=sys.stderr)
        return 2
    hits = 0
    for r in doc.get("records", []):
        if r.get("variant") == variant and workers(r) == n_workers:
            r["expected"] = expected
            if reason:
                r["reason"] = reason
            hits += 1
    if not hits:
        print(f"(tour: no record {variant} x{n_workers} in {path} to mark: not run)", file=sys.stderr)
        return 1
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return 0
