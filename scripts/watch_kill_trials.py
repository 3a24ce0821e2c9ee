"""The watch crash bar: kill -9 a real `eventdesk watch --once` at random points in N trials
(default 5), restart it each time, and compare the store with an uninterrupted run's.

    .venv/bin/python scripts/watch_kill_trials.py [--trials 5] [--articles 40] [--seed N]

The test suite runs two trials (tests/test_watch_crash.py); this runs the issue's five.
"""
import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from watch_crash import killed_run, reference_run  # noqa: E402
from watch_fixtures import FeedServer, publish_toy  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    server = FeedServer()
    failures = 0
    try:
        feed = publish_toy(server, "/toy.rss", args.articles)
        with tempfile.TemporaryDirectory() as tmp:
            reference = reference_run(feed, Path(tmp) / "reference.db")
            print(f"seed {seed}; reference: {len(reference['documents'])} documents, {len(reference['events'])} events, "
                  f"{len(reference['alerts'])} alerts")
            for trial in range(args.trials):
                at_kill, result = killed_run(feed, Path(tmp) / f"killed{trial}.db", args.articles, rng)
                same = result == reference
                failures += not same
                differing = [t for t in reference if reference[t] != result.get(t)]
                print(f"trial {trial + 1}: killed at {at_kill} stored documents; after restart "
                      f"{'equal to the uninterrupted run' if same else 'DIFFERENT in ' + ', '.join(differing)}")
    finally:
        server.stop()
    print(f"{args.trials - failures} of {args.trials} trials equal")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
