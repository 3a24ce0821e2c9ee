"""Versioned schema migrations, in portable SQL (runs on SQLite and PostgreSQL alike).

Append a new ``Migration`` to change the schema; never edit an applied one. Dialect-specific
pieces (full-text search) live in ``dialect.py`` and are keyed by the same version numbers.
Column notes: dates are ISO strings (``date_lo``/``date_hi`` bound what a date with its precision
can mean, for blocking); ``record`` holds the complete JSON record (a fused event's: all but
the lists that grow with it, which are rows of ``event_members`` and ``event_merges`` from
version 11), the other columns are copies for querying and indexing.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, mentions, evidence and fused events", (
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT, url TEXT, source TEXT, path TEXT,
            published TEXT, reference_date TEXT, reference_date_method TEXT,
            extractor_version TEXT,
            text TEXT NOT NULL)""",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            event_date TEXT, date_precision TEXT, date_lo TEXT, date_hi TEXT,
            event_type TEXT, sub_event_type TEXT, actor1 TEXT, actor2 TEXT,
            country TEXT, country_key TEXT, admin1 TEXT, location TEXT,
            latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, geo_precision INTEGER,
            fatalities INTEGER, fatalities_low INTEGER, fatalities_high INTEGER,
            sources INTEGER NOT NULL,
            confidence DOUBLE PRECISION,
            record TEXT NOT NULL)""",
        """CREATE TABLE mentions (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id),
            ordinal INTEGER NOT NULL,
            event_id TEXT REFERENCES events(id),
            kind TEXT NOT NULL,
            event_date TEXT, date_precision TEXT,
            event_type TEXT, country TEXT, admin1 TEXT, location TEXT,
            fatalities INTEGER,
            confidence DOUBLE PRECISION,
            record TEXT NOT NULL)""",
        """CREATE TABLE evidence (
            mention_id TEXT NOT NULL REFERENCES mentions(id),
            ordinal INTEGER NOT NULL,
            start_char INTEGER, end_char INTEGER,
            text TEXT NOT NULL,
            fields TEXT,
            PRIMARY KEY (mention_id, ordinal))""",
        "CREATE INDEX events_block ON events (kind, country_key, date_lo)",
        "CREATE INDEX events_seq ON events (seq)",
        "CREATE INDEX mentions_doc ON mentions (doc_id)",
        "CREATE INDEX mentions_event ON mentions (event_id)",
    )),
    Migration(2, "blocking that stays flat as the store grows: ingest-order index, date-span class", (
        "CREATE UNIQUE INDEX documents_seq ON documents (seq)",
        # 0: the event's dates span at most a month; 1: wider (year precision, far-apart reports);
        # NULL: undated. Lets blocking read a narrow date range per class through one index.
        "ALTER TABLE events ADD COLUMN date_class INTEGER",
        "CREATE INDEX events_date_block ON events (kind, country_key, date_class, date_lo)",
    )),
    Migration(3, "story similarity: each document's headline-and-lead terms, and their document frequencies", (
        # JSON {term: count} (fuse.story.story_terms); NULL for documents stored before version 3.
        "ALTER TABLE documents ADD COLUMN story TEXT",
        "CREATE TABLE story_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL)",
    )),
)

MIGRATIONS += (
    Migration(4, "order-independent fusion: symmetric mention blocking, links with their reasons, corrections", (
        # A mention's blocking window (its dates with slack, or an undated mention's recent-news
        # window) and class (0: at most 40 days wide, 1: wider, NULL: unbounded), its country as
        # blocking key, its article's bounding reference date and publication date.
        "ALTER TABLE mentions ADD COLUMN country_key TEXT",
        "ALTER TABLE mentions ADD COLUMN win_lo TEXT",
        "ALTER TABLE mentions ADD COLUMN win_hi TEXT",
        "ALTER TABLE mentions ADD COLUMN win_class INTEGER",
        "ALTER TABLE mentions ADD COLUMN reference_date TEXT",
        "ALTER TABLE mentions ADD COLUMN published TEXT",
        "CREATE INDEX mentions_block ON mentions (kind, country_key, win_class, win_lo)",
        "CREATE INDEX mentions_block_any ON mentions (kind, win_class, win_lo)",
        # Two mentions that may be one incident (a < b): score and components (JSON), the reason
        # a merge shows. Fused events are recomputed from links, mentions and corrections.
        """CREATE TABLE links (
            a TEXT NOT NULL, b TEXT NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (a, b))""",
        "CREATE INDEX links_b ON links (b)",
        # Analyst corrections, as data: 'merge' (mention_a and mention_b are one incident) or
        # 'split' (they are not). Kept across re-ingest, re-extraction and `fuse --rebuild`.
        """CREATE TABLE corrections (
            seq INTEGER PRIMARY KEY,
            action TEXT NOT NULL,
            mention_a TEXT NOT NULL, mention_b TEXT NOT NULL,
            note TEXT, created TEXT)""",
        "CREATE INDEX corrections_a ON corrections (mention_a)",
        "CREATE INDEX corrections_b ON corrections (mention_b)",
    )),
)


MIGRATIONS += (
    Migration(5, "watching feeds: feed state, feed items seen, watchlists, alerts and their deliveries", (
        # One row per watched feed (its URL or folder): the conditional-GET validators, when it was
        # last polled and last answered, and its last error (NULL when the last poll was fine).
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            name TEXT,
            etag TEXT, last_modified TEXT,
            last_poll TEXT, last_success TEXT,
            status TEXT, last_error TEXT,
            errors INTEGER NOT NULL DEFAULT 0,
            polls INTEGER NOT NULL DEFAULT 0)""",
        # Every article URL a feed listed (or file a folder held): 'pending' until it is stored,
        # then 'stored' / 'duplicate' (its text was already stored) / 'failed' (after its attempts).
        # A stored item's row commits in the same transaction as its document.
        """CREATE TABLE feed_items (
            url TEXT PRIMARY KEY,
            feed_url TEXT NOT NULL,
            seq INTEGER NOT NULL,
            title TEXT, published TEXT, summary TEXT,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT, doc_id TEXT, content_hash TEXT,
            first_seen TEXT, done TEXT)""",
        "CREATE INDEX feed_items_status ON feed_items (feed_url, status, seq)",
        # Named saved filters (JSON) and where their alerts go.
        """CREATE TABLE watchlists (
            name TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            filters TEXT NOT NULL,
            webhook_url TEXT, webhook_secret TEXT, email TEXT,
            created TEXT)""",
        # What alerts were last computed against, per event: a change is a difference from it.
        """CREATE TABLE alert_marks (
            event_id TEXT PRIMARY KEY,
            fatalities INTEGER, claimed_by TEXT, doc_ids TEXT NOT NULL)""",
        # One row per alert; ``key`` (watchlist, event, change, value) makes a repeat impossible.
        """CREATE TABLE alerts (
            seq INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            watchlist TEXT NOT NULL,
            event_id TEXT NOT NULL,
            change TEXT NOT NULL,
            detail TEXT,
            summary TEXT NOT NULL,
            created TEXT)""",
        "CREATE INDEX alerts_watchlist ON alerts (watchlist, seq)",
        # Delivery of an alert over a channel ('webhook', 'email'): pending, sent or failed.
        """CREATE TABLE alert_deliveries (
            alert_seq INTEGER NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT, error TEXT, sent TEXT,
            PRIMARY KEY (alert_seq, channel))""",
        "CREATE INDEX alert_deliveries_status ON alert_deliveries (channel, status)",
    )),
)

# Full-text entries become folded, stemmed terms (store/search.py), the same on every backend.
# No SQL: the store re-indexes every document and evidence sentence in Python when it applies it.
SEARCH_TERMS_VERSION = 6
MIGRATIONS += (
    Migration(SEARCH_TERMS_VERSION, "one search semantics: full-text entries of folded, stemmed terms", ()),
)

EVENT_ORDER_VERSION = 7
MIGRATIONS += (
    Migration(EVENT_ORDER_VERSION, "events read a page at a time (an index in Store.events' order) and counted by day", (
        # Store.events orders by (event_date IS NULL, event_date, seq): undated last, then by date,
        # then ingest order. With this index a page of 100,000 events reads only its own rows.
        "CREATE INDEX events_order ON events ((event_date IS NULL), event_date, seq)",
        # The timeline's day counts by kind, read from this index alone.
        "CREATE INDEX events_day ON events (event_date, kind)",
        # One country's events in that order (its table pages).
        "CREATE INDEX events_country_order ON events (country_key, (event_date IS NULL), event_date, seq)",
    )),
)

MIGRATIONS += (
    Migration(8, "blocking read from the index alone: a mention's window end and id in the blocking indexes", (
        # The blocking query ranges over win_lo and filters on win_hi: with win_hi and id in the
        # index no table row is read, so its cost stays flat as the store grows (at 500k mentions
        # the row reads were most of a document's blocking time).
        "CREATE INDEX mentions_window ON mentions (kind, country_key, win_class, win_lo, win_hi, id)",
        "CREATE INDEX mentions_window_any ON mentions (kind, win_class, win_lo, win_hi, id)",
        "DROP INDEX mentions_block",
        "DROP INDEX mentions_block_any",
    )),
)

# When each fused event last changed (Unix seconds): the export's ACLED ``timestamp``, the same
# in every export until the event changes. The store fills existing rows when it applies it.
EVENT_STAMPS_VERSION = 9
MIGRATIONS += (
    Migration(EVENT_STAMPS_VERSION, "each fused event's last update time", (
        "ALTER TABLE events ADD COLUMN updated BIGINT",
    )),
)

# A mention's point (its coordinates and geo precision, when it is placed at a town or near one)
# in the blocking indexes: blocking then tells which candidates the place veto keeps apart from
# the index alone, and fusion never reads them (in a dense store most candidates are other towns'
# events, and reading one was most of what a candidate cost). The store fills the columns of
# existing mentions, then makes the indexes (``POINT_INDEXES``) when it applies it.
POINTS_VERSION = 10
MIGRATIONS += (
    Migration(POINTS_VERSION, "blocking reads each candidate's point from the index: the place veto without reading it", (
        "ALTER TABLE mentions ADD COLUMN point_lat DOUBLE PRECISION",
        "ALTER TABLE mentions ADD COLUMN point_lon DOUBLE PRECISION",
        "ALTER TABLE mentions ADD COLUMN point_precision INTEGER",
    )),
)
POINT_INDEXES = (
    "CREATE INDEX mentions_window_points ON mentions "
    "(kind, country_key, win_class, win_lo, win_hi, id, point_lat, point_lon, point_precision)",
    "CREATE INDEX mentions_window_points_any ON mentions "
    "(kind, win_class, win_lo, win_hi, id, point_lat, point_lon, point_precision)",
    "DROP INDEX mentions_window",
    "DROP INDEX mentions_window_any",
)

# The lists of a fused event's record that grow with it (its documents and mentions, the values
# each disagreement lists, its outlets, merges and each source's toll) as rows: one per member,
# its part of those lists (JSON, ``fuse.merge.MemberLists``), and one per merge, in order. The
# events table's record holds the rest (``Store._EventState.head``), so a report joining an event
# writes a record as small at its 2,000th report as at its second, and a row of each; readers
# put the lists back. The store splits the records of existing events when it applies it.
EVENT_LISTS_VERSION = 11
MIGRATIONS += (
    Migration(EVENT_LISTS_VERSION, "a fused event's growing lists as rows: a join writes what it adds", (
        """CREATE TABLE event_members (
            event_id TEXT NOT NULL,
            mention_id TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (event_id, mention_id))""",
        """CREATE TABLE event_merges (
            event_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (event_id, ordinal))""",
    )),
)

LATEST = MIGRATIONS[-1].version
