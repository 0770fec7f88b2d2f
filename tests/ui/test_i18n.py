"""The interface translations are up to date: every string in the code is in each ``.ts`` file,
translated, and the committed ``.qm`` files are built from the committed ``.ts`` files."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
assert _spec is not None and _spec.loader is not None
i18n = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n)

TS_FILES = i18n.ts_files()

pytestmark = pytest.mark.skipif(
    not (Path(sys.executable).parent / "pyside6-lupdate").exists()
    and shutil.which("pyside6-lupdate") is None, reason="needs PySide6's lupdate")


def messages(ts: Path) -> dict[tuple[str, str], ElementTree.Element]:
    """(context, source) -> the <translation> element of each current (not obsolete) entry."""
    found = {}
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") not in ("obsolete", "vanished"):
                found[(name, message.findtext("source") or "")] = translation
    return found


def test_there_is_a_translation_for_spanish_and_english_plurals() -> None:
    assert {"kiosk_en.ts", "kiosk_es.ts"} <= {p.name for p in TS_FILES}


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_file_has_every_string_of_the_code(ts: Path, tmp_path: Path) -> None:
    """Running lupdate on a copy changes nothing: no string is missing, none left over
    (after changing a visible string: ``python tools/i18n.py update``, translate, ``build``)."""
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    i18n.update(copy)
    assert set(messages(copy)) == set(messages(ts)), "run: python tools/i18n.py update"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_ts_file_has_no_unfinished_entry(ts: Path) -> None:
    """Every entry is translated (each plural form too)."""
    unfinished = [source for (_, source), tr in messages(ts).items()
                  if tr.get("type") == "unfinished"
                  or not ("".join(tr.itertext()).strip())
                  or any(not (f.text or "").strip() for f in tr.iter("numerusform"))]
    assert not unfinished


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_placeholders_survive_translation(ts: Path) -> None:
    """A translation keeps the source's ``{0}`` and ``%n`` (or the number would be lost)."""
    for (_, source), tr in messages(ts).items():
        wanted = sorted(re.findall(r"\{\d\}|%n", source))
        forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
        for form in forms:
            assert sorted(re.findall(r"\{\d\}|%n", form)) == wanted, (source, form)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_qm_file_is_built_from_the_ts_file(ts: Path, tmp_path: Path) -> None:
    """The committed .qm is what lrelease makes of the committed .ts (``python tools/i18n.py
    build`` after editing a translation)."""
    built = i18n.build(ts, tmp_path / ts.with_suffix(".qm").name)
    committed = ts.with_suffix(".qm")
    assert committed.exists() and committed.read_bytes() == built.read_bytes(), \
        "run: python tools/i18n.py build"
