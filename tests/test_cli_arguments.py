"""The CLI checks every argument as the library does and names the argument: impossible dates,
unknown types and kinds, a store that must exist; actor filters fold aliases as extraction does."""
import pandas
import pytest
from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.model import Document
from eventdesk.store import Store
from store_parity_extractor import extract

REPORTS = [
    ("r1", "ISKP gunmen killed 5 worshippers in Jalalabad on 2023-05-04."),
    ("r2", "Al-Shabaab fighters killed 7 people at a hotel in Mogadishu on 2023-05-06."),
    ("r3", "Unidentified gunmen attacked a shop in Herat on 2023-05-08 and killed 1 guard."),
]


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "store.db")
    with Store(path) as store:
        store.ingest([Document(i, t, source="wire.example") for i, t in REPORTS], extract)
    return path


def invoke(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("args, option", [
    (["events", "--since", "2023-13-01"], "--since"),
    (["events", "--until", "2023-02-30"], "--until"),
    (["export", "--since", "last week"], "--since"),
    (["events", "--min-confidence", "7"], "--min-confidence"),
    (["events", "--type", "Skirmish"], "--type"),
    (["events", "--kind", "rumour"], "--kind"),
    (["events", "--since", "2023-06-01", "--until", "2023-05-01"], "--since"),
])
def test_bad_values_are_usage_errors_naming_the_option(db, args, option):
    result = invoke(*args, "--db", db)
    assert result.exit_code == 2, result.output
    assert option in result.output


def test_bad_publication_date_is_refused_before_reading(tmp_path):
    (tmp_path / "a.txt").write_text("Gunmen killed 2 people in Kabul.\n", encoding="utf-8")
    for command in ("extract", "ingest", "scale"):
        args = [command, str(tmp_path / "a.txt"), "--published", "2023-13-01"]
        if command == "scale":
            args += ["--out", str(tmp_path / "out")]
        result = invoke(*args)
        assert result.exit_code == 2 and "--published" in result.output, command


@pytest.mark.parametrize("command", [["events"], ["export"], ["show", "AFG1"], ["fuse", "--rebuild"],
                                     ["corrections"]])
def test_a_missing_store_is_an_error_not_a_new_empty_one(tmp_path, command):
    missing = tmp_path / "missing.db"
    result = invoke(*command, "--db", str(missing))
    assert result.exit_code == 2 and "--db" in result.output and "no store at" in result.output
    assert not missing.exists()


@pytest.mark.parametrize("alias, location", [("ISKP", "Jalalabad"), ("iskp", "Jalalabad"),
                                             ("Islamic State Khorasan", "Jalalabad"), ("al-shabaab", "Mogadishu"),
                                             ("Shabaab", "Mogadishu"), ("Daesh", "Jalalabad")])
def test_actor_filter_folds_aliases_as_extraction_does(db, alias, location):
    result = invoke("events", "--db", db, "--actor", alias, "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and location in lines[1]


def test_csv_from_the_command_reads_into_pandas_and_show_takes_its_id(db, tmp_path):
    out = tmp_path / "acled.csv"
    assert invoke("export", "--db", db, "--format", "csv", "-o", str(out)).exit_code == 0
    frame = pandas.read_csv(out)
    assert list(frame.columns[:4]) == ["event_id_cnty", "event_date", "year", "time_precision"]
    mogadishu = frame[frame["location"] == "Mogadishu"].iloc[0]
    assert mogadishu["event_id_cnty"].startswith("SOM") and mogadishu["inter1"] == 2
    shown = invoke("show", mogadishu["event_id_cnty"], "--db", db)
    assert shown.exit_code == 0 and "Al-Shabaab fighters killed 7" in shown.output
    folder = tmp_path / "events-parquet"
    assert invoke("export", "--db", db, "--format", "parquet", "-o", str(folder)).exit_code == 0
    assert list(pandas.read_parquet(folder)["event_id_cnty"]) == list(frame["event_id_cnty"])
    assert invoke("export", "--db", db, "--format", "parquet").exit_code == 2
    ucdp = tmp_path / "ged.csv"
    assert invoke("export", "--db", db, "--format", "ucdp", "-o", str(ucdp)).exit_code == 0
    assert set(pandas.read_csv(ucdp)["type_of_violence"]) == {3}
