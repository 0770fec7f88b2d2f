"""The data files (site, resources, glossary): wrong shapes are reported, never fatal."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.loader import load_library
from tests.conftest import write_page


def test_data_files_with_wrong_types_do_not_break_loading(tmp_path: Path) -> None:
    """site.yaml, resources.yaml and glossary.yaml of the wrong shape are reported, not fatal."""
    (tmp_path / "s").mkdir()
    write_page(tmp_path / "s", "good")
    (tmp_path / "site.yaml").write_text("title: [x]\nwelcome: 5\nfoo: bar\n", encoding="utf-8")
    (tmp_path / "resources.yaml").write_text(
        "organisations:\n  - name: A\n    description: B\n    phone: 123\n  - 7\n"
        "  - name: A\n    description: again\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_bytes(b"- term: \xff\n")
    library = load_library(tmp_path)
    assert library.site.title == "Understanding dystonia" and library.site.welcome == "5"
    assert [o.phone for o in library.organisations] == ["123"]
    messages = [f"{f.path}:{f.line}: {f.level}: {f.message}" for f in library.findings]
    assert messages == [
        "s:0: warning: section has no _section.yaml; using the folder name as its title",
        "site.yaml:1: error: 'title' must be text, not a list",
        "site.yaml:3: warning: unknown key 'foo'",
        "resources.yaml:1: error: organisation 2 needs a name and a description (text); skipped",
        "resources.yaml:1: error: organisation 3: the id 'a' is used twice; skipped",
        "glossary.yaml:1: error: not valid UTF-8 text (byte 8); save it as UTF-8; skipped",
    ]

