"""Importing a GeoNames dump (format of allCountries.txt / AF.txt and alternateNames)."""
from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.geo import Gazetteer

# Invented rows in the GeoNames column layout (19 tab-separated columns; alternateNames: 4+).
_ROWS = [
    ["9000001", "Wilayat-e Kunduz", "Kunduz", "", "36.8", "68.9", "A", "ADM1", "AF", "", "24", "",
     "", "", "0", "", "", "Asia/Kabul", "2020-01-01"],
    ["9000002", "Khanabad Bazar", "Khanabad Bazar", "Khan Abad Bazaar", "36.68", "69.11", "P", "PPL",
     "AF", "", "24", "", "", "", "1200", "", "", "Asia/Kabul", "2020-01-01"],
    ["9000003", "Some Hill", "Some Hill", "", "36.7", "69.0", "T", "HLL", "AF", "", "24", "",
     "", "", "0", "", "", "Asia/Kabul", "2020-01-01"],
]
_ALTERNATES = [["1", "9000002", "en", "Xanabad Bazar"], ["2", "9000002", "link", "http://x"]]


def _write(path, rows):
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_import_command_indexes_places_divisions_and_alternate_names(tmp_path):
    dump = _write(tmp_path / "AF.txt", _ROWS)
    alternates = _write(tmp_path / "alternateNames.txt", _ALTERNATES)
    out = tmp_path / "index.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "import", str(dump), "--alternate-names",
                                       str(alternates), "--path", str(out), "--dump-only"])
    assert result.exit_code == 0, result.output
    gazetteer = Gazetteer(out)
    town = gazetteer.lookup("Khan Abad Bazaar")[0]
    assert (town.kind, town.admin1, town.country, town.population) == (
        "city", "Kunduz", "Afghanistan", 1200)
    assert gazetteer.lookup("Xanabad Bazar") == [town]
    assert gazetteer.lookup("Some Hill") == []                  # not a populated place
    assert gazetteer.admin1("AF", "Kunduz") is not None
