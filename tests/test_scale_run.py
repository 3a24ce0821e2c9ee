"""Extraction on a real Dask cluster (LocalCluster, two worker processes): same events as the
in-process pipeline, bad input reported and the rest processed, resume after a partial run,
loading into the store, and the ``eventdesk scale`` command."""
import json
import os

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from eventdesk import Pipeline, scale  # noqa: E402
from eventdesk.cli import main  # noqa: E402
from eventdesk.ingest import read_inputs  # noqa: E402
from eventdesk.scale.worker import pipeline_loads  # noqa: E402
from eventdesk.store import Store  # noqa: E402

WIRE = [
    {"id": "kabul-school", "published": "2022-04-20",
     "text": "KABUL, April 19 - Three explosions at a boys' school in the Dasht-e-Barchi area of western Kabul "
             "killed at least six people and wounded 11 on Tuesday, police said. No group has claimed "
             "responsibility for the blasts."},
    {"id": "mogadishu-hotel", "published": "2022-08-21",
     "text": "MOGADISHU - Al-Shabaab gunmen stormed the Hayat Hotel in Mogadishu on Friday evening, setting off "
             "car bombs and killing at least 13 people, a police officer said. Security forces were still "
             "fighting the attackers inside the building on Saturday."},
    {"id": "lagos-protest", "published": "2020-10-21",
     "text": "Thousands of young people marched through Lagos on Tuesday to protest against police brutality. "
             "Demonstrators blocked the Lekki toll gate and chanted slogans against the police unit known as SARS."},
]
REGIONAL = [
    {"id": "peshawar-checkpoint", "published": "2023-03-02",
     "text": "PESHAWAR - Militants attacked a police checkpoint on the outskirts of Peshawar late on Wednesday, "
             "killing two policemen, officials said. The Tehreek-e-Taliban Pakistan claimed the attack."},
    {"id": "maiduguri-ied", "published": "2021-06-14",
     "text": "A roadside bomb struck a military convoy near Maiduguri in Borno State on Sunday, killing four "
             "soldiers, military sources said. Boko Haram fighters have stepped up attacks in the area."},
]
LOOSE = {
    "quetta-market.txt": "QUETTA, Pakistan, Jan. 30 - A bomb planted on a motorcycle exploded in a crowded "
                         "market in Quetta on Monday, killing five people and wounding 20, police said.\n",
    "kyiv-drones.txt": "KYIV, Oct. 17 - Russian drones struck a residential building in central Kyiv on Monday "
                       "morning, killing four people, the mayor said.\n",
}


@pytest.fixture(scope="session")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two JSONL feeds (one with a malformed line), loose text files and a binary file."""
    root = tmp_path_factory.mktemp("corpus")
    feeds = root / "feeds"
    feeds.mkdir()
    lines = [json.dumps(r) for r in WIRE]
    lines.insert(2, '{"id": "truncated", "text": "Gunmen opened fire on a bus')
    (feeds / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (feeds / "regional.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REGIONAL), encoding="utf-8")
    for name, text in LOOSE.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "scan.txt").write_bytes(b"%PDF-1.7\x00\x00\x01\x02" + bytes(range(256)) * 8)
    return [str(feeds), str(root / "quetta-market.txt"), str(root / "scan.txt"), str(root / "kyiv-drones.txt")]


@pytest.fixture(scope="module")
def in_process(corpus):
    return [e.to_dict() for result in Pipeline().run(read_inputs(corpus)) for e in result.events]


def _pid_and_loads():
    return os.getpid(), pipeline_loads()


def _outputs(out_dir):
    names = {}
    for folder in ("events", "documents", "manifest"):
        for name in sorted(os.listdir(os.path.join(out_dir, folder))):
            with open(os.path.join(out_dir, folder, name), "rb") as stream:
                names[f"{folder}/{name}"] = stream.read()
    return names


def _without_timing(outputs):
    """Manifests record how long a partition took and on which process: the rest must match."""
    out = {}
    for name, data in outputs.items():
        if name.startswith("manifest/"):
            record = json.loads(data)
            record.pop("seconds"), record.pop("pid")
            data = record
        out[name] = data
    return out


def test_same_events_as_the_in_process_pipeline_and_bad_input_reported(cluster, corpus, in_process, tmp_path):
    report = scale.run(corpus, str(tmp_path / "out"), scheduler=cluster.scheduler.address, partition_size=2)
    assert report.partitions == 5 and report.processed == 5 and report.workers == 2
    assert list(scale.iter_event_records(str(tmp_path / "out"))) == in_process
    assert report.documents == 7 and report.events == len(in_process) >= 7
    errors = [json.loads(line) for line in open(report.errors_path, encoding="utf-8")]
    assert [(os.path.basename(e["path"]), e["line"]) for e in errors] == [("wire.jsonl", 3), ("scan.txt", None)]
    assert "malformed JSON" in errors[0]["message"] and "binary" in errors[1]["message"]
    # each worker loaded its pipeline once, however many partitions it ran
    ran = {m["pid"] for m in scale.output.manifests(str(tmp_path / "out"))}
    loads = dict(cluster.run(_pid_and_loads).values())
    assert ran <= set(loads) and all(loads[pid] == 1 for pid in ran) and max(loads.values()) == 1


def test_resume_skips_finished_partitions_and_ends_with_the_same_output(cluster, corpus, tmp_path):
    out = str(tmp_path / "out")
    scale.run(corpus, out, scheduler=cluster, partition_size=2)
    complete = _outputs(out)
    # A run killed mid-way: partitions 1 and 3 never finished, a half-written part lies around.
    for name in ("part-000001", "part-000003"):
        os.remove(os.path.join(out, "manifest", f"{name}.json"))
        os.remove(os.path.join(out, "events", f"{name}.jsonl"))
    with open(os.path.join(out, "documents", "part-000003.jsonl.tmp-999-dead"), "w") as stream:
        stream.write('{"id": "half')
    redone = []
    report = scale.run(corpus, out, scheduler=cluster, partition_size=2, on_partition=redone.append)
    assert sorted(m["partition"] for m in redone) == [1, 3]
    assert report.resumed == 3 and report.processed == 2
    assert _without_timing(_outputs(out)) == _without_timing(complete)
    assert not any(".tmp-" in name for name in os.listdir(os.path.join(out, "documents")))
    # nothing left to do
    assert scale.run(corpus, out, scheduler=cluster, partition_size=2).processed == 0


def test_changed_input_redoes_only_its_partition(cluster, corpus, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in LOOSE.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = str(tmp_path / "out")
    scale.run([str(folder)], out, scheduler=cluster, partition_size=1)
    (folder / "quetta-market.txt").write_text(LOOSE["quetta-market.txt"].replace("five", "seven"), encoding="utf-8")
    redone = []
    scale.run([str(folder)], out, scheduler=cluster, partition_size=1, on_partition=redone.append)
    assert [m["partition"] for m in redone] == [1]   # sorted: kyiv-drones, quetta-market
    assert any(e["fatalities"] == 7 for e in scale.iter_event_records(out))


def test_workers_get_the_clients_eventdesk_environment(cluster, corpus, tmp_path, monkeypatch):
    from eventdesk.geo.gazetteer import cache_dir

    monkeypatch.setenv("EVENTDESK_CACHE", str(cache_dir()))   # the same cache, named explicitly
    scale.run(corpus[1:2], str(tmp_path / "out"), scheduler=cluster, partition_size=1)
    seen = cluster.run(os.environ.get, "EVENTDESK_CACHE")
    assert set(seen.values()) == {str(cache_dir())}


def test_parquet_parts_hold_the_same_events(cluster, corpus, in_process, tmp_path):
    import pandas
    import pyarrow.dataset as ds

    out = tmp_path / "out"
    scale.run(corpus, str(out), scheduler=cluster, partition_size=3, parquet=True)
    # A folder of Parquet files only: read whole as one dataset, in partition order.
    assert {p.suffix for p in (out / "events.parquet").iterdir()} == {".parquet"}
    assert not list((out / "events").glob("*.parquet"))
    assert len(pandas.read_parquet(out / "events.parquet")) == len(in_process)
    table = ds.dataset(str(out / "events.parquet"), format="parquet").to_table()
    assert table.column("doc_id").to_pylist() == [e["doc_id"] for e in in_process]
    assert table.column("fatalities").to_pylist() == [e["fatalities"] for e in in_process]
    assert table.column("evidence").to_pylist()[0] == in_process[0]["evidence"]


def without_write_times(events: list[dict]) -> list[dict]:
    """Fused events as two stores can agree on them: when each was written differs."""
    return [{k: v for k, v in e.items() if k != "updated"} for e in events]


def test_loading_into_the_store_matches_ingesting_in_process_and_is_idempotent(cluster, corpus, tmp_path):
    out = str(tmp_path / "out")
    scale.run(corpus, out, scheduler=cluster, partition_size=2)
    with Store(str(tmp_path / "scaled.db")) as scaled, Store(str(tmp_path / "direct.db")) as direct:
        summary = scale.load_into_store(out, scaled)
        direct.ingest(read_inputs(corpus))
        assert summary.added == 7 and not summary.errors
        assert without_write_times(scaled.events(kind=None)) == without_write_times(direct.events(kind=None))
        assert scaled.counts() == direct.counts()
        again = scale.load_into_store(out, scaled)
        assert (again.added, again.unchanged, again.mentions) == (0, 7, 0)


def test_cli_runs_on_a_scheduler_reports_bad_input_and_loads_the_store(cluster, corpus, tmp_path):
    out, db = str(tmp_path / "out"), str(tmp_path / "events.db")
    result = CliRunner().invoke(main, ["scale", *corpus, "--out", out, "--scheduler", cluster.scheduler.address,
                                       "--partition-size", "3", "--db", db])
    assert result.exit_code == 1, result.output       # two inputs could not be read
    assert "wire.jsonl:3: malformed JSON" in result.output and "scan.txt: binary" in result.output
    assert "7 documents" in result.output
    with Store(db) as store:
        assert store.counts()["documents"] == 7
        assert any(ev["location"] == "Quetta" for ev in store.events())
    rerun = CliRunner().invoke(main, ["scale", *corpus[1:2], "--out", str(tmp_path / "ok"),
                                      "--scheduler", cluster.scheduler.address])
    assert rerun.exit_code == 0, rerun.output


def test_default_partition_size_gives_both_local_workers_work(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": "Markets reopened."}) + "\n" for i in range(300)),
                    encoding="utf-8")
    size = scale.runner.auto_partition_size([str(feed)], workers=2)
    plan = scale.plan_partitions([str(feed)], size)
    assert len(plan) >= 4 and sum(p.documents for p in plan) == 300   # several partitions a worker
    assert scale.runner.auto_partition_size([str(feed)], workers=2) == size  # the same on a rerun: resumable
