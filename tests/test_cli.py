"""The command line: clear one-line errors and exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.app import main
from tests.conftest import CONTENT, write_page

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, check=False, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                               "HOME": str(ROOT / ".pytest-home")})


def test_check_on_bundled_content_is_clean(capsys) -> None:  # type: ignore[no-untyped-def]
    """`main.py check` on the bundled content exits 0 with a summary line."""
    assert main(["check", str(CONTENT)]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_check_reports_file_and_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A broken link is reported as path:line: level: message, and the exit code is 1."""
    (tmp_path / "resources.yaml").write_text("organisations: []\n")
    page = write_page(tmp_path / "s", "one", body="## Key points\n\nGo [there](missing.md).\n")
    line = page.read_text().splitlines().index("Go [there](missing.md).") + 1
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"s/one.md:{line}: error: link 'missing.md': the page does not exist" in out


def test_check_json(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """--format json prints the same findings for tools."""
    import json

    (tmp_path / "resources.yaml").write_text("organisations: []\n")
    write_page(tmp_path / "s", "one", body="## Key points\n\nSee <b>this</b>.\n")
    assert main(["check", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0 and data["warnings"] >= 1


def test_missing_content_folder_exits_2(tmp_path: Path) -> None:
    """A missing content folder is one line on stderr and exit code 2, no traceback."""
    result = run("--content", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: content folder not found")
    assert "Traceback" not in result.stderr


def test_empty_content_folder_exits_2(tmp_path: Path) -> None:
    """An empty content folder is refused with a clear message."""
    result = run("--content", str(tmp_path))
    assert result.returncode == 2 and "no readable pages" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    """A wrong config value stops start-up with the key and file named."""
    config = tmp_path / "kiosk.toml"
    config.write_text("screen_ppi = 'big'\n")
    result = run("--config", str(config))
    assert result.returncode == 2
    assert "screen_ppi" in result.stderr and str(config) in result.stderr
    assert "Traceback" not in result.stderr


def test_kiosk_starts_and_paints(tmp_path: Path) -> None:
    """The real program starts on the bundled content, paints once and exits cleanly."""
    result = run("--bench-startup")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_damaged_page_is_skipped_but_kiosk_runs(tmp_path: Path) -> None:
    """One unreadable page is reported; the kiosk still starts on the rest."""
    write_page(tmp_path / "s", "good")
    (tmp_path / "s" / "bad.md").write_bytes(b"---\ntitle: [unclosed\n---\n\xff\xfe text")
    result = run("--content", str(tmp_path), "--bench-startup")
    assert result.returncode == 0, result.stderr
    assert "s/bad.md" in result.stderr


def test_clean_new_content_is_installed_at_start(tmp_path: Path) -> None:
    """content.new beside the content folder replaces it at start-up when it is clean."""
    content = tmp_path / "content"
    write_page(content / "s", "old-page", title="Old")
    write_page(tmp_path / "content.new" / "s", "new-page", title="New")
    for folder in (content, tmp_path / "content.new"):
        (folder / "resources.yaml").write_text("organisations: []\n")
    result = run("--content", str(content), "--bench-startup")
    assert result.returncode == 0, result.stderr
    assert (content / "s" / "new-page.md").exists()
    assert (tmp_path / "content.old" / "s" / "old-page.md").exists()
