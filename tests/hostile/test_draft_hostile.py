"""`dbtool draft` and `dbtool lint` on hostile files: refused in one line, or drafted into a
seed that loads.

Texts are read as `seed` reads them (a regular file in the text's folder, at
most --max-text-bytes); `--out` never follows a symlink and a failed draft
leaves no file; a text the loader would refuse is refused by `draft` at its
line and column; every draft `draft` writes loads with `seed`.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app
from dbtool.seedformat.limits import MAX_TEXT_BYTES

runner = CliRunner()
RELEASE = "Moscow, 9 November 2018 – ALROSA sold diamonds worth USD 420.5 million in October.\n"


def _draft(text: Path, db: Path, *options: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["draft", str(text), "--db", str(db), *options])
    return result.exit_code, result.stdout, result.stderr


def _one_error(stderr: str, *words: str) -> None:
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
    for word in words:
        assert word in stderr, stderr


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, db_file: Path) -> None:
    fifo = tmp_path / "release.txt"
    os.mkfifo(fifo)
    code, _out, stderr = _draft(fifo, db_file)
    assert code == 2
    _one_error(stderr, "not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused(db_file: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    code, _out, stderr = _draft(Path(device), db_file)
    assert code == 2
    _one_error(stderr, "not a regular file")


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path, db_file: Path) -> None:
    link = tmp_path / "release.txt"
    link.symlink_to("/etc/passwd")
    code, stdout, stderr = _draft(link, db_file)
    assert (code, stdout) == (2, "")
    _one_error(stderr, "outside")
    assert "root:" not in stderr


def test_a_symlink_inside_the_folder_is_read(tmp_path: Path, db_file: Path) -> None:
    (tmp_path / "real.txt").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "release.txt").symlink_to("real.txt")
    code, stdout, _err = _draft(tmp_path / "release.txt", db_file)
    assert code == 0 and "USD 420.5 million" in stdout


def test_a_text_over_the_size_limit_is_refused_unread(tmp_path: Path, db_file: Path) -> None:
    big = tmp_path / "release.txt"
    with big.open("wb") as file:  # sparse: nothing is written, nothing must be read
        file.truncate(MAX_TEXT_BYTES + 1)
    code, _out, stderr = _draft(big, db_file)
    assert code == 2
    _one_error(stderr, "larger than 10,000,000 bytes")


def test_a_folder_is_refused(tmp_path: Path, db_file: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    code, _out, stderr = _draft(tmp_path / "dir.txt", db_file)
    assert code == 2 and stderr.count("\n") == 1, stderr


def test_not_utf8_is_refused(tmp_path: Path, db_file: Path) -> None:
    text = tmp_path / "release.txt"
    text.write_bytes(RELEASE.encode("utf-16"))
    code, _out, stderr = _draft(text, db_file)
    assert code == 2
    _one_error(stderr, "not UTF-8")


@pytest.mark.parametrize("target_exists", [False, True], ids=["dangling", "to-a-file"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_out_never_follows_a_symlink(
    tmp_path: Path, db_file: Path, target_exists: bool, force: bool
) -> None:
    (tmp_path / "release.txt").write_text(RELEASE, encoding="utf-8")
    target = tmp_path / "elsewhere" / "victim.toml"
    target.parent.mkdir()
    if target_exists:
        target.write_text("untouched", encoding="utf-8")
    out = tmp_path / "draft.toml"
    out.symlink_to(target)
    options = ["--out", str(out), *(["--force"] if force else [])]
    code, _out, stderr = _draft(tmp_path / "release.txt", db_file, *options)
    assert code == 2
    _one_error(stderr, "symlink")
    assert target.exists() == target_exists
    if target_exists:
        assert target.read_text(encoding="utf-8") == "untouched"


def test_out_exists_without_force(tmp_path: Path, db_file: Path) -> None:
    (tmp_path / "release.txt").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "draft.toml").write_text("mine", encoding="utf-8")
    code, _out, stderr = _draft(
        tmp_path / "release.txt", db_file, "--out", str(tmp_path / "draft.toml")
    )
    assert code == 2
    _one_error(stderr, "exists")
    assert (tmp_path / "draft.toml").read_text(encoding="utf-8") == "mine"


INVISIBLE = {
    "zero-width space": "\u200b",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "byte-order mark inside": "\ufeff",
    "soft hyphen": "\u00ad",
    "nul": "\x00",
    "escape": "\x1b",
    "private use": "\ue000",
    "tab": "\t",
}


@pytest.mark.parametrize("case", INVISIBLE)
def test_a_character_the_loader_refuses_is_refused_at_its_place(
    tmp_path: Path, db_file: Path, case: str
) -> None:
    text = tmp_path / "release.txt"
    text.write_text("Title\n\n" + RELEASE.replace("ALROSA", "ALR" + INVISIBLE[case] + "OSA"))
    code, stdout, stderr = _draft(text, db_file, "--out", str(tmp_path / "draft.toml"))
    assert (code, stdout) == (2, "")
    _one_error(stderr, "line 3, column 30", f"U+{ord(INVISIBLE[case]):04X}")
    assert not (tmp_path / "draft.toml").exists()


# Texts that are odd but fair: each drafts, and the draft loads.
ODD_TEXTS = {
    "crlf": RELEASE.replace("\n", "\r\n") * 3,
    "decomposed accents": "Gaborone – Debswana\u0301 sold diamonds worth USD 3.5 billion.\n",
    "right-to-left script": "دبي – sold diamonds worth USD 420.5 million in October 2018.\n",
    "emoji": "💎 ALROSA sold diamonds worth USD 420.5 million in October 2018 💎.\n",
    "one long line": ("ALROSA sold diamonds worth USD 420.5 million. " * 400) + "\n",
    "no numbers": "Nothing to see here.\n",
    "only numbers": "1 2 3 4 5 6 7 8 9 10 11 12\n",
    "byte-order mark": "\ufeff" + RELEASE,
    "repeated figure": "Sales rose 5% to USD 1.2 billion. " * 50 + "\n",
    "huge number": "ALROSA sold 1" + "0" * 400 + " carats in 2018.\n",
    "tiny number": "A share of 0." + "0" * 400 + "1% in 2018.\n",
    "more digits than Python converts": "ALROSA sold 1" + "0" * 5000 + " carats in 2018.\n",
    "a huge fold": "Sales rose " + "9" * 400 + "-fold in 2018.\n",
    "many dates": " ".join(f"On {d} March 2018 it rose 1%." for d in range(1, 29)) + "\n",
}


@pytest.mark.parametrize("case", ODD_TEXTS)
def test_every_draft_loads(tmp_path: Path, db_file: Path, case: str) -> None:
    text = tmp_path / "release.txt"
    text.write_text(ODD_TEXTS[case], encoding="utf-8", newline="")
    out = tmp_path / "release.toml"
    code, _out, stderr = _draft(text, db_file, "--out", str(out))
    if code == 2:  # a refusal is fine when it is one located line and writes nothing
        _one_error(stderr)
        assert not out.exists()
        return
    assert code == 0, stderr
    seeded = tmp_path / "target.sqlite"
    shutil.copy(db_file, seeded)
    result = runner.invoke(app, ["seed", str(out), "--db", str(seeded)])
    assert result.exit_code == 0, result.stderr


def _timed_draft(text: Path, db: Path) -> tuple[int, str, float]:
    start = time.monotonic()
    code, _out, stderr = _draft(text, db)
    return code, stderr, time.monotonic() - start


def test_one_long_sentence_of_changes_drafts_in_seconds(tmp_path: Path, db_file: Path) -> None:
    """41 kB of "rose 5% to USD 1.2 billion, …" in one sentence took 58 s (82 kB: 300 s)."""
    text = tmp_path / "release.txt"
    text.write_text("Sales rose 5% to USD 1.2 billion, " * 2400 + "\n", encoding="utf-8")
    code, stderr, elapsed = _timed_draft(text, db_file)
    assert code == 0, stderr
    assert elapsed < 10


@pytest.mark.parametrize("unit", ["5% ", "1 ", "USD 1.2 billion, "])
def test_a_text_of_too_many_numbers_is_refused_at_once(
    tmp_path: Path, db_file: Path, unit: str
) -> None:
    """200,000 repeated numbers never finished: more than a seed can hold is refused."""
    text = tmp_path / "release.txt"
    text.write_text(unit * 200_000, encoding="utf-8")
    code, stderr, elapsed = _timed_draft(text, db_file)
    assert code == 2
    _one_error(stderr, "more than 20,000 numbers")
    assert elapsed < 10


def test_lint_of_many_uncovered_numbers_is_linear(tmp_path: Path) -> None:
    """50,000 uncovered numbers took lint 236 s: now refused at once past 20,000, and
    19,000 are listed in seconds."""
    seed = tmp_path / "seed.toml"
    seed.write_text(
        '[document]\nslug = "many"\ntitle = "Many"\nfile = "text.txt"\n'
        'published_on = 2018-10-10\npublished_on_basis = "stated"\n'
        'dateline = { place = "moscow", quote = "Moscow:" }\n',
        encoding="utf-8",
    )
    for count, code in ((50_000, 2), (19_000, 1)):
        (tmp_path / "text.txt").write_text("Moscow: " + "5% " * count, encoding="utf-8")
        start = time.monotonic()
        result = runner.invoke(app, ["lint", str(seed), "-f", "csv"])
        assert result.exit_code == code, result.stderr
        assert time.monotonic() - start < 10
        if code == 1:
            assert result.stdout.count("uncovered-number") == count
        else:
            _one_error(result.stderr, "more than 20,000 numbers")
