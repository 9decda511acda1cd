#!/usr/bin/env python3
"""tools/tour_expect.py JSON VARIANT WORKERS REASON

Marks the records of one rung (its variant at WORKERS threads or ranks) in a driver's
JSON file with "expected": "slower" and the one-line reason: the tour shows a
slowdown on purpose there (oversubscription, the price of a lock), and the summary
prints the reason next to the ratio instead of calling it a missed gain."""
import json
import sys


def main(argv):
    if len(argv) != 5 or not argv[3].isdigit():
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, variant, workers, reason = argv[1], argv[2], int(argv[3]), argv[4]
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"tour_expect: cannot read {path}: {e}", file=sys.stderr)
        return 2
    hits = 0
    for r in doc.get("records", []):
        if r.get("variant") == variant and max(r.get("threads", 1), r.get("ranks", 1)) == workers:
            r["expected"], r["reason"] = "slower", reason
            hits += 1
    if not hits:
        print(f"tour_expect: no record {variant} x{workers} in {path}", file=sys.stderr)
        return 1
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
