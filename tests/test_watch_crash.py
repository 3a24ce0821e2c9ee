"""kill -9 at random points in a real ``eventdesk watch`` process, then restart: the store
(documents, events, feed state, seen items, alerts) equals an uninterrupted run's."""
import random

from watch_crash import killed_run, reference_run
from watch_fixtures import FeedServer, publish_toy

ARTICLES = 30


def test_kill_9_at_random_points_then_restart_equals_an_uninterrupted_run(tmp_path):
    server = FeedServer()
    try:
        feed = publish_toy(server, "/toy.rss", ARTICLES)
        reference = reference_run(feed, tmp_path / "reference.db")
        assert len(reference["documents"]) == ARTICLES and reference["alerts"]
        seed = random.randrange(1 << 30)
        rng = random.Random(seed)
        for trial in range(2):
            at_kill, result = killed_run(feed, tmp_path / f"killed{trial}.db", ARTICLES, rng)
            assert 0 < at_kill < ARTICLES, (seed, at_kill)
            assert result == reference, f"trial {trial} (seed {seed}, killed at {at_kill} documents) differs"
    finally:
        server.stop()
