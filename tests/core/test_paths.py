"""Where content and resources are found: from a checkout, and in the app built by PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.core import paths

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be the built app in ``tmp_path/app`` (as PyInstaller's bootloader sets it up)."""
    app = tmp_path / "app"
    (app / "_internal" / "resources").mkdir(parents=True)
    (app / "content").mkdir()
    exe = app / "dystonia-kiosk"
    exe.write_text("")
    monkeypatch.delenv("KIOSK_CONTENT_DIR", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "_MEIPASS", str(app / "_internal"), raising=False)
    # Not the installed app unless a test says so.
    monkeypatch.setattr(paths, "INSTALLED_APP_DIR", tmp_path / "usr-lib-dystonia-kiosk")
    monkeypatch.setattr(paths, "CLINIC_CONTENT_DIR", tmp_path / "var-lib" / "content")
    return app


def test_checkout_uses_the_repository_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a checkout (not frozen), content/ and resources/ are the repository's."""
    monkeypatch.delenv("KIOSK_CONTENT_DIR", raising=False)
    assert not getattr(sys, "frozen", False)
    assert paths.default_content_dir() == REPO / "content"
    assert paths.resources_dir() == REPO / "resources"


def test_frozen_reads_content_beside_the_executable(frozen_app: Path) -> None:
    """The built app reads the content folder beside its executable, which staff can edit."""
    assert paths.default_content_dir() == frozen_app.resolve() / "content"


def test_frozen_reads_resources_from_the_bundle(frozen_app: Path) -> None:
    """The built app's styles and icons come from the unpacked bundle (``sys._MEIPASS``)."""
    assert paths.resources_dir() == frozen_app / "_internal" / "resources"
    (frozen_app / "_internal" / "resources" / "kiosk.qss").write_text("")
    assert paths.resource("kiosk.qss") == (frozen_app / "_internal" / "resources" / "kiosk.qss"
                                           ).resolve()
    with pytest.raises(paths.PathEscapeError):
        paths.resource("..", "content")


def test_frozen_started_through_a_link_finds_the_real_folder(frozen_app: Path,
                                                              tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """Started through a link (the package's /usr/bin command), content is still the app's."""
    link = tmp_path / "bin" / "dystonia-kiosk"
    link.parent.mkdir()
    link.symlink_to(frozen_app / "dystonia-kiosk")
    monkeypatch.setattr(sys, "executable", str(link))
    assert paths.default_content_dir() == frozen_app.resolve() / "content"


def test_installed_app_prefers_the_clinic_content(frozen_app: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed by the Debian package, the clinic's folder wins over the shipped content when
    it exists, and the shipped content is used while it does not."""
    monkeypatch.setattr(paths, "INSTALLED_APP_DIR", frozen_app.resolve())
    assert paths.default_content_dir() == frozen_app.resolve() / "content"
    paths.CLINIC_CONTENT_DIR.mkdir(parents=True)
    assert paths.default_content_dir() == paths.CLINIC_CONTENT_DIR


def test_clinic_folder_ignored_by_an_unpacked_app(frozen_app: Path) -> None:
    """An app unpacked anywhere else (a laptop's folder) keeps to the content beside it."""
    paths.CLINIC_CONTENT_DIR.mkdir(parents=True)
    assert paths.default_content_dir() == frozen_app.resolve() / "content"


def test_environment_override_wins_when_frozen(frozen_app: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """KIOSK_CONTENT_DIR still chooses the content folder in the built app."""
    monkeypatch.setenv("KIOSK_CONTENT_DIR", str(tmp_path / "elsewhere"))
    assert paths.default_content_dir() == tmp_path / "elsewhere"
