"""What to watch: feed URLs, folders and YAML feed lists, with errors naming file and line."""
import pytest

from eventdesk.watch import FeedConfigError, load_feeds


def test_urls_folders_and_a_yaml_list_each_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    listing = tmp_path / "feeds.yaml"
    listing.write_text("feeds:\n"
                       "  - https://wire.example.org/world/rss.xml\n"
                       "  - url: https://desk.example.com/atom\n"
                       "    name: Desk\n"
                       "    interval: 120\n"
                       "    per_host_delay: 2\n"
                       "  - folder: inbox\n", encoding="utf-8")
    specs = load_feeds([str(listing), "https://wire.example.org/world/rss.xml", str(inbox)])
    assert [(s.kind, s.url) for s in specs] == [("http", "https://wire.example.org/world/rss.xml"),
                                                ("http", "https://desk.example.com/atom"),
                                                ("folder", str(inbox))]
    assert specs[1].name == "Desk" and specs[1].overrides == {"interval": 120.0, "per_host_delay": 2.0}


@pytest.mark.parametrize("body, message", [
    ("feeds:\n  - https://ok.example.org/rss\n  - url: ftp://files.example.org/feed\n", ":3: 'ftp://"),
    ("- https://ok.example.org/rss\n- url: https://x.example.org/rss\n  interval: soon\n", ":2: interval must be"),
    ("- https://ok.example.org/rss\n- folder: no/such/folder\n", ":2: folder 'no/such/folder' does not exist"),
    ("- url: https://x.example.org/rss\n  colour: red\n", ":1: unknown key(s) colour"),
    ("feeds: [https://x.example.org/rss\n", "not valid YAML"),
])
def test_a_bad_entry_names_the_file_and_line(tmp_path, body, message):
    listing = tmp_path / "feeds.yaml"
    listing.write_text(body, encoding="utf-8")
    with pytest.raises(FeedConfigError) as err:
        load_feeds([str(listing)])
    assert str(listing) in str(err.value) and message in str(err.value)


def test_an_argument_that_is_neither_url_folder_nor_list(tmp_path):
    with pytest.raises(FeedConfigError, match="no such file or folder"):
        load_feeds([str(tmp_path / "missing.yaml")])
    note = tmp_path / "notes.txt"
    note.write_text("hello", encoding="utf-8")
    with pytest.raises(FeedConfigError, match="not a feed list"):
        load_feeds([str(note)])
