"""What to watch: ``FEED`` arguments (a feed URL, a local folder, or a YAML file listing feeds).

A YAML file holds a list of feeds, or ``{feeds: [...]}``; each is a URL string or a mapping::

    feeds:
      - https://news.example.org/world/rss.xml
      - url: https://wire.example.com/atom
        name: Wire world desk
        interval: 120          # seconds between polls
        per_host_delay: 2      # seconds between requests to this host
      - folder: /srv/incoming  # files that arrive here are read like `eventdesk ingest` reads them

A bad entry is a ``FeedConfigError`` naming the file, the line and the entry.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Optional
from urllib.parse import urlsplit

import yaml

PER_FEED_SETTINGS = ("interval", "per_host_delay", "timeout", "max_items_per_poll")


class FeedConfigError(ValueError):
    """A feed argument or YAML entry that cannot be watched; the message names where it is."""


@dataclass(frozen=True)
class FeedSpec:
    url: str                      # the feed's URL, or the folder's absolute path
    kind: str = "http"            # http | folder
    name: Optional[str] = None
    overrides: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        return self.name or self.url


def is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def load_feeds(arguments: Iterable[str]) -> list[FeedSpec]:
    """Feeds from FEED arguments, in order, each once."""
    out: list[FeedSpec] = []
    for arg in arguments:
        if is_web_url(arg):
            out.append(FeedSpec(arg))
        elif os.path.isdir(arg):
            out.append(FeedSpec(os.path.abspath(arg), kind="folder"))
        elif arg.endswith((".yaml", ".yml")) and os.path.isfile(arg):
            out.extend(read_feed_file(arg))
        elif os.path.exists(arg):
            raise FeedConfigError(f"{arg}: not a feed list (.yaml), a folder or an http(s) URL")
        else:
            raise FeedConfigError(f"{arg}: no such file or folder, and not an http(s) URL")
    seen, unique = set(), []
    for spec in out:
        if spec.url not in seen:
            seen.add(spec.url)
            unique.append(spec)
    return unique


def read_feed_file(path: str) -> list[FeedSpec]:
    with open(path, encoding="utf-8") as fh:
        try:
            nodes = yaml.compose(fh)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else path
            raise FeedConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if nodes is None:
        raise FeedConfigError(f"{path}: lists no feeds")
    if isinstance(nodes, yaml.MappingNode):
        nodes = next((v for k, v in nodes.value if k.value == "feeds"), None)
        if nodes is None:
            raise FeedConfigError(f"{path}: expected a list of feeds or a 'feeds:' key")
    if not isinstance(nodes, yaml.SequenceNode):
        raise FeedConfigError(f"{path}:{nodes.start_mark.line + 1}: expected a list of feeds")
    base = os.path.dirname(os.path.abspath(path))
    return [_spec(yaml.safe_load(yaml.serialize(node)), f"{path}:{node.start_mark.line + 1}", base)
            for node in nodes.value]


def _spec(entry, where: str, base: str) -> FeedSpec:
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict):
        raise FeedConfigError(f"{where}: a feed is a URL or a mapping with 'url' or 'folder', not {entry!r}")
    unknown = set(entry) - {"url", "folder", "name", *PER_FEED_SETTINGS}
    if unknown:
        raise FeedConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    overrides = {}
    for key in PER_FEED_SETTINGS:
        if key in entry:
            value = entry[key]
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise FeedConfigError(f"{where}: {key} must be a non-negative number, not {value!r}")
            overrides[key] = int(value) if key == "max_items_per_poll" else float(value)
    name = entry.get("name")
    if "folder" in entry:
        folder = os.path.join(base, os.path.expanduser(str(entry["folder"])))
        if not os.path.isdir(folder):
            raise FeedConfigError(f"{where}: folder {entry['folder']!r} does not exist")
        return FeedSpec(os.path.abspath(folder), kind="folder", name=name, overrides=overrides)
    url = str(entry.get("url") or "")
    if not is_web_url(url):
        raise FeedConfigError(f"{where}: {url!r} is not an http(s) URL" if url else f"{where}: no 'url' or 'folder'")
    return FeedSpec(url, name=name, overrides=overrides)
