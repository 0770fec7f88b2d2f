"""Large-print PDF handouts: pages, titles, phone number, embedded font, QR codes that scan, and
the ``main.py handout`` command's clear errors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
import zxingcpp

from kiosk.core.content import Library
from kiosk.core.loader import load_library
from kiosk.core.sessions import Session, find_session, load_sessions
from kiosk.handout_cli import handout_command
from kiosk.ui.handout import HandoutError, latest_review, preview_handout, write_handout
from kiosk.ui.qr import website_url
from tests.conftest import write_page

PRINTED = dt.date(2026, 11, 25)


def words(text: str) -> str:
    """Text with all whitespace (pypdf puts tabs between words) as single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def session(library: Library) -> Session:
    sessions, _ = load_sessions(library.root, library)
    found = find_session(sessions, "living-with-blepharospasm")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def handout(qapp, _fonts, library, session, tmp_path_factory) -> tuple[Path, int]:  # type: ignore[no-untyped-def]
    """The blepharospasm session's handout, written once for the module."""
    path = tmp_path_factory.mktemp("handout") / "blepharospasm.pdf"
    pages = [library.page(page_id) for page_id in session.page_ids()]
    count = write_handout(path, pages, library, title=session.title, session=session,
                          printed=PRINTED)
    return path, count


@pytest.fixture(scope="module")
def reader(handout):  # type: ignore[no-untyped-def]
    return pypdf.PdfReader(handout[0])


def page_texts(reader) -> list[str]:  # type: ignore[no-untyped-def]
    return [words(page.extract_text()) for page in reader.pages]


def test_pdf_has_the_pages_it_reports(handout, reader) -> None:  # type: ignore[no-untyped-def]
    """The returned count matches the PDF, and every footer numbers its page "N of count"."""
    path, count = handout
    assert path.is_file() and path.read_bytes().startswith(b"%PDF-")
    assert len(reader.pages) == count
    for number, text in enumerate(page_texts(reader), start=1):
        assert f"Page {number} of {count}" in text


def test_tiny_handout_has_exactly_the_expected_pages(qapp, _fonts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Cover, one sheet per short page, the questions page and the contacts page."""
    content = tmp_path / "content"
    (content / "resources.yaml").parent.mkdir()
    (content / "resources.yaml").write_text(
        "organisations:\n  - name: Clinic\n    description: Us.\n    website: example.org\n",
        encoding="utf-8")
    write_page(content / "a", "one")
    write_page(content / "a", "two", order=2)
    library = load_library(content)
    pages = [library.page("a/one"), library.page("a/two")]
    count = write_handout(tmp_path / "tiny.pdf", pages, library, title="Tiny")
    assert count == 5
    assert len(pypdf.PdfReader(tmp_path / "tiny.pdf").pages) == 5


def test_each_page_title_the_clinic_and_its_phone_are_in_the_text(reader, library,  # type: ignore[no-untyped-def]
                                                                  session) -> None:
    """Every page of the session starts a sheet with its title; the phone is on every sheet."""
    texts = page_texts(reader)
    everything = " ".join(texts)
    for page_id in session.page_ids():
        page = library.page(page_id)
        assert page is not None
        assert any(text.startswith(page.title) for text in texts), page.title
    assert session.title in texts[0]
    phone = library.site.clinic_phone
    assert phone == "859-323-5661"
    assert all(phone in text and library.site.clinic_name in text for text in texts)
    assert "Questions for my doctor" in everything
    assert "call 911" in everything and "call or text 988" in everything
    assert "Poison Control at 1-800-222-1222" in everything


def test_when_to_get_help_is_printed_in_full(qapp, _fonts, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A page's "When to get help" is printed with its three levels and the site's numbers."""
    page = library.page("treatments/botulinum-toxin")
    assert page is not None
    path = tmp_path / "botox.pdf"
    write_handout(path, [page], library, title=page.title, printed=PRINTED)
    # pypdf splits some heading letters ("W hen"): compare without spaces.
    text = "".join(" ".join(page_texts(pypdf.PdfReader(path))).split())
    section = text[text.index("Whentogethelp"):]
    levels = ["Call911now", "Calltheclinictoday", "Tellyourdoctoratyournextvisit"]
    assert [section.index(level) for level in levels] == sorted(
        section.index(level) for level in levels)
    assert "UKMovementDisordersClinicat859-323-5661thesameday" in section
    assert "cannotswallowyoursalivaorasipofwater" in section
    assert "{{" not in text


def test_draft_notice_until_a_clinician_reviews(qapp, _fonts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without clinical_review the cover and every footer say "draft"; with it, who and when."""
    content = tmp_path / "content"
    write_page(content / "a", "one")
    (content / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    library = load_library(content)
    write_handout(tmp_path / "draft.pdf", [library.page("a/one")], library, title="T")
    texts = page_texts(pypdf.PdfReader(tmp_path / "draft.pdf"))
    assert "These pages are a draft." in texts[0]
    assert "not yet reviewed them" in texts[0]
    assert all("Draft: not yet reviewed by the clinic's clinicians." in t for t in texts)
    (content / "site.yaml").write_text(
        "clinical_review:\n  name: Dr. Ann Smith\n  role: Neurologist\n  date: 2026-11-20\n",
        encoding="utf-8")
    library = load_library(content)
    write_handout(tmp_path / "reviewed.pdf", [library.page("a/one")], library, title="T")
    texts = page_texts(pypdf.PdfReader(tmp_path / "reviewed.pdf"))
    assert "Dr. Ann Smith, Neurologist, reviewed these pages for the clinic on November 20, " \
        "2026." in texts[0]
    assert all("Reviewed for the clinic by Dr. Ann Smith, Neurologist, on November 20, 2026."
               in t for t in texts)
    assert not any("draft" in t.lower() for t in texts)


def test_footer_has_the_print_date_and_the_review_date(reader, library) -> None:  # type: ignore[no-untyped-def]
    """Each footer says when it was printed and when the content was last reviewed."""
    reviewed = latest_review(library)
    assert reviewed is not None
    review = f"{reviewed:%B} {reviewed.day}, {reviewed.year}"
    for text in page_texts(reader):
        assert "Printed November 25, 2026." in text
        assert f"Facts last checked {review}." in text
        assert "Draft: not yet reviewed by the clinic's clinicians." in text


def test_body_text_is_large_print(reader, library) -> None:  # type: ignore[no-untyped-def]
    """All text is at least 14 pt, except the footer's small print."""
    reviewed = latest_review(library)
    assert reviewed is not None
    for number, page in enumerate(reader.pages, start=1):
        small: list[str] = []

        def visit(text, cm, tm, font, size, small=small) -> None:  # type: ignore[no-untyped-def]
            if text.strip() and size * abs(tm[3]) * abs(cm[3]) < 13.9:
                small.append(text)

        page.extract_text(visitor_text=visit)
        assert words(" ".join(small)).replace("911.Page", "911. Page").replace(
            f"of {len(reader.pages)}Printed", f"of {len(reader.pages)} Printed").replace(
            f"{reviewed.year}.Draft", f"{reviewed.year}. Draft") == (
            f"UK Movement Disorders Clinic: 859-323-5661. Emergency: 911. Page {number} of "
            f"{len(reader.pages)} Printed November 25, 2026. Facts last checked "
            f"{reviewed:%B} {reviewed.day}, {reviewed.year}. Draft: not yet reviewed by the "
            "clinic's clinicians.")


def fonts(reader) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            yield str(font["/BaseFont"]), font


def test_atkinson_hyperlegible_is_embedded(reader) -> None:  # type: ignore[no-untyped-def]
    """Every font in the PDF is Atkinson Hyperlegible, embedded (a font file in the PDF)."""
    seen = set()
    for name, font in fonts(reader):
        assert "AtkinsonHyperlegible" in name, name
        descendant = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name
        seen.add(name.split("+")[-1].lstrip("/"))
    assert {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold"} <= seen


def decode_pdf_images(reader) -> list[str]:  # type: ignore[no-untyped-def]
    """Decode every QR code among the images drawn in the PDF (as stored, no rendering)."""
    found = []
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        for ref in objects.values():
            image = ref.get_object()
            if image.get("/Subtype") != "/Image":
                continue
            assert image["/Filter"] == "/FlateDecode"  # lossless: no JPEG blur on the codes
            width, height = int(image["/Width"]), int(image["/Height"])
            data = image.get_data()
            channels = {"/DeviceRGB": 3, "/DeviceGray": 1}[image["/ColorSpace"]]
            assert int(image["/BitsPerComponent"]) == 8
            gray = bytes(data[i * channels] for i in range(width * height))
            found += [r.text for r in zxingcpp.read_barcodes(
                memoryview(gray).cast("B", (height, width)))]
    return found


def test_qr_codes_decode_to_each_website(reader, library) -> None:  # type: ignore[no-untyped-def]
    """Each organisation's QR code, as embedded in the PDF, decodes to its website."""
    expected = sorted(website_url(o.website) for o in library.organisations if o.website)
    assert len(expected) >= 6
    assert sorted(decode_pdf_images(reader)) == expected


def test_qr_codes_are_big_enough_in_the_preview(qapp, _fonts, library, session) -> None:  # type: ignore[no-untyped-def]
    """The same handout drawn as images: the contacts pages' codes scan at 150 dpi."""
    from tests.ui.test_qr import decode

    pages = [library.page(page_id) for page_id in session.page_ids()]
    images = preview_handout(pages, library, title=session.title, session=session, dpi=150)
    decoded = [code for image in images[-3:] for code in decode(image)]
    assert sorted(decoded) == sorted(website_url(o.website) for o in library.organisations)


def test_unwritable_paths_raise_a_clear_error(qapp, _fonts, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A missing folder, a file in the way or a folder as target: HandoutError, nothing written."""
    page = library.page("forms/blepharospasm")
    assert page is not None
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for target, words_ in ((tmp_path / "missing" / "a.pdf", "does not exist"),
                           (tmp_path / "file" / "a.pdf", "does not exist"),
                           (tmp_path, "is a folder")):
        with pytest.raises(HandoutError, match=words_):
            write_handout(target, [page], library, title="x")
    with pytest.raises(HandoutError, match="at least one page"):
        write_handout(tmp_path / "empty.pdf", [], library, title="x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# -- main.py handout ------------------------------------------------------------------------


def test_command_writes_a_session_handout(qapp, _fonts, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """``handout --session NAME --output FILE`` writes it and prints the path and page count."""
    target = tmp_path / "session.pdf"
    assert handout_command(["--session", "botulinum-toxin", "--output", str(target)]) == 0
    count = len(pypdf.PdfReader(target).pages)
    assert capsys.readouterr().out.strip() == f"{target}: {count} pages"


def test_command_writes_a_handout_of_pages(qapp, _fonts, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """``handout PAGE... --output FILE`` prints those pages, titled after a single page."""
    target = tmp_path / "pages.pdf"
    code = handout_command(["forms/blepharospasm", "treatments/botulinum-toxin.md", "--output",
                            str(target)])
    assert code == 0
    text = words(" ".join(p.extract_text() for p in pypdf.PdfReader(target).pages))
    assert "Blepharospasm" in text and "Botulinum toxin injections" in text
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("argv", "message"), [
    (["--session", "nope", "--output", "{tmp}/a.pdf"], "no session named 'nope'"),
    (["forms/blepharospasmm", "--output", "{tmp}/a.pdf"], "did you mean forms/blepharospasm"),
    (["forms/blepharospasm", "--output", "{tmp}/missing/a.pdf"], "does not exist"),
    (["forms/blepharospasm", "--output", "{tmp}/a.txt"], "must end in .pdf"),
    (["forms/blepharospasm", "--session", "botulinum-toxin", "--output", "{tmp}/a.pdf"],
     "not both"),
    (["--output", "{tmp}/a.pdf"], "name a session"),
    (["forms/blepharospasm"], "--output"),
    (["--session", "x", "--output", "{tmp}/a.pdf", "--content", "{tmp}/nothing"], "not found"),
])
def test_command_errors_are_one_line_and_exit_2(qapp, tmp_path: Path, capsys, argv,  # type: ignore[no-untyped-def]
                                                message) -> None:
    """Unknown names, unwritable paths and usage mistakes: one clear line, exit status 2."""
    code = handout_command([a.replace("{tmp}", str(tmp_path)) for a in argv])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert not any(tmp_path.glob("*.pdf"))


def test_command_runs_without_a_display(tmp_path: Path) -> None:
    """From a shell with no application and no display it draws offscreen by itself."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    target = tmp_path / "cli.pdf"
    code = ("import sys; from kiosk.handout_cli import handout_command;"
            "sys.exit(handout_command(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "help/about-this-information",
                             "--output", str(target)], capture_output=True, text=True, env=env,
                            cwd=Path(__file__).resolve().parents[2], check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(target)) and target.is_file()


def test_command_names_the_problem_with_a_broken_session(qapp, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A session file that exists but cannot be used: the error says what is wrong, where."""
    content = tmp_path / "content"
    write_page(content / "a", "one")
    (content / "resources.yaml").write_text("organisations: []\n", encoding="utf-8")
    (content / "sessions").mkdir()
    (content / "sessions" / "broken.md").write_text("no front matter\n", encoding="utf-8")
    code = handout_command(["--session", "broken", "--output", str(tmp_path / "a.pdf"),
                            "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: the session 'broken' could not be loaded: sessions/broken.md:1")
