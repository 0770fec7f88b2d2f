"""Large-print handouts: pages or a whole session as a PDF (or on paper), made offline with Qt.

The handout is one ``QTextDocument`` laid out on pages and painted page by page, so every page
gets a footer (clinic, phone and emergency number, date printed, date the facts were last
checked, whether a clinician has reviewed the pages, "Page 3 of 9"):

1. a cover with the title, the clinic's phone number, the clinical review (or "draft") notice
   and what the handout holds;
2. each page's text in full, "When to get help" included, with the numbers from ``site.yaml``
   (each page starts on a new sheet), at least 14 pt in Atkinson Hyperlegible;
3. "Questions for my doctor" with ruled lines to write on;
4. "Who to call": the clinic and every organisation of ``resources.yaml`` with its website and
   a QR code of it.

``QPdfWriter`` embeds the font (as a subset). Links are printed as plain text; nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from kiosk.core.atomic import atomic_write_bytes
from kiosk.core.content import Library, Page
from kiosk.core.paths import is_inside
from kiosk.core.render import PageRenderer
from kiosk.core.sessions import Session
from kiosk.core.sitedata import review_notice
from kiosk.core.theme import FONT_FAMILY
from kiosk.ui.qr import qr_image, website_url
from kiosk.ui.style import register_fonts

log = logging.getLogger(__name__)

#: Body text size in points (large print: never under 14).
BODY_PT = 16.0
#: Footer text size in points.
FOOTER_PT = 12.0
#: Printed QR codes are this wide, so a phone reads them from arm's length.
QR_MM = 30.0
#: Ruled lines on the "Questions for my doctor" page, and the gap between them.
WRITING_LINES = 12
WRITING_GAP_MM = 13.0
#: US clinic: Letter paper; margins leave room for a hole punch on the left.
PAGE_SIZE = QPageSize.PageSizeId.Letter
MARGINS_MM = QMarginsF(22.0, 16.0, 18.0, 12.0)
PDF_DPI = 600
_LINK_TAG = re.compile(r"</?a\b[^>]*>")


class HandoutError(Exception):
    """The handout could not be made (for example the file cannot be written)."""


@dataclass(frozen=True)
class _Text:
    """Every visible string of the handout, in one place (for translation later)."""

    contents: str = "In this handout"
    questions: str = "Questions for my doctor"
    questions_intro: str = ("Write your questions here. Bring this page to your next visit, and "
                            "ask the most important ones first.")
    questions_ideas: str = ("Ideas: What kind of dystonia do I have? What are my treatment "
                            "choices? How will I know a treatment is working? What problems "
                            "should I report to you right away?")
    contacts: str = "Who to call, and where to learn more"
    call_us: str = "Questions about your care? Call {clinic} at {phone}."
    emergency: str = ("In an emergency, call {emergency} or go to the nearest emergency room. "
                      "For thoughts of suicide, call or text {crisis}. For poisoning or a "
                      "medicine mistake, call Poison Control at {poison_control}.")
    scan: str = "Scan a code with your phone's camera to open the website."
    phone: str = "Phone: {0}"
    website: str = "Website: {0}"
    prepared: str = "Prepared for you by {clinic}. Questions? Call {phone}."
    session: str = "From the guided session \u201c{0}\u201d."
    footer_clinic: str = "{clinic}: {phone}. Emergency: {emergency}."
    footer_dates: str = "Printed {printed}. Facts last checked {reviewed}."
    footer_draft: str = "Draft: not yet reviewed by the clinic's clinicians."
    footer_reviewed: str = "Reviewed for the clinic by {name}, {role}, on {date}."
    page_of: str = "Page {0} of {1}"
    unknown_date: str = "(date unknown)"


TEXT = _Text()


def _long_date(day: dt.date | None) -> str:
    """``November 25, 2026``: no numbers-only dates that a reader could misread."""
    if day is None:
        return TEXT.unknown_date
    return f"{day:%B} {day.day}, {day.year}"


def latest_review(library: Library) -> dt.date | None:
    """The newest ``reviewed`` date of the content (what the footer reports)."""
    dates = [p.reviewed for p in library.pages if p.reviewed is not None]
    return max(dates) if dates else None


def _ensure_font() -> str:
    """Register Atkinson Hyperlegible once; the family to use (the default one if missing)."""
    if QGuiApplication.instance() is None:
        raise HandoutError("a handout needs a running QGuiApplication")
    if FONT_FAMILY not in QFontDatabase.families():
        register_fonts()
    if FONT_FAMILY not in QFontDatabase.families():
        log.warning("Atkinson Hyperlegible is not installed; the handout uses the default font")
        return QFont().family()
    return FONT_FAMILY


def _css(family: str) -> str:
    """Fonts and sizes; block spacing is set on the blocks (see ``_Handout._spacing``)."""
    return (
        f'body {{ font-family: "{family}"; font-size: {BODY_PT:g}pt; color: #000000; }}\n'
        f"h1 {{ font-size: {BODY_PT * 1.6:g}pt; font-weight: bold; }}\n"
        f"h2 {{ font-size: {BODY_PT * 1.3:g}pt; font-weight: bold; }}\n"
        f"h3 {{ font-size: {BODY_PT * 1.12:g}pt; font-weight: bold; }}\n"
        f"p.summary {{ font-size: {BODY_PT * 1.15:g}pt; }}\n"
        f"p.call {{ font-size: {BODY_PT * 1.25:g}pt; font-weight: bold; }}\n"
        "span.web { font-weight: bold; }\n"
        "td.line { border-bottom-width: 1px; border-bottom-style: solid; "
        "border-bottom-color: #000000; }\n"
    )


class _HandoutDocument(QTextDocument):
    """A text document that loads only the QR images given to it and images in the content."""

    def __init__(self, content_root: Path) -> None:
        super().__init__()
        self.content_root = content_root

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 (Qt API)
        url = QUrl(url)
        if kind == QTextDocument.ResourceType.ImageResource.value and url.isLocalFile():
            path = Path(url.toLocalFile())
            if is_inside(self.content_root, path) and path.is_file():
                return QImage(str(path))
        return None


class _Handout:
    """Builds the document for one paint device and paints its pages with footers."""

    def __init__(self, pages: Sequence[Page], library: Library, title: str,
                 session: Session | None, printed: dt.date | None) -> None:
        self.pages = list({p.id: p for p in pages}.values())  # each page once, in order
        self.library = library
        self.title = title
        self.session = session
        self.printed = printed or dt.date.today()
        self.family = _ensure_font()
        self.document = _HandoutDocument(library.root)
        self.page_height = 0.0
        self.footer_top = 0.0

    # -- content ---------------------------------------------------------------------------

    def html(self) -> str:
        site = self.library.site
        clinic, phone = escape(site.clinic_name), escape(site.clinic_phone)
        parts = [f"<h1>{escape(self.title)}</h1>",
                 f'<p class="call">{escape(TEXT.prepared).format(clinic=clinic, phone=phone)}</p>',
                 f"<p><b>{escape(review_notice(site.clinical_review))}</b></p>"]
        if self.session is not None and self.session.title != self.title:
            parts.append(f"<p>{escape(TEXT.session.format(self.session.title))}</p>")
        titles = [p.title for p in self.pages] + [TEXT.questions, TEXT.contacts]
        items = "".join(f"<li>{escape(t)}</li>" for t in titles)
        parts.append(f"<h2>{escape(TEXT.contents)}</h2><ol>{items}</ol>")
        renderer = PageRenderer(self.library)
        for page in self.pages:
            body = _LINK_TAG.sub("", renderer.html(page))  # links mean nothing on paper
            parts.append(f'<h1 style="page-break-before: always">{escape(page.title)}</h1>')
            if page.summary:
                parts.append(f'<p class="summary">{escape(page.summary)}</p>')
            parts.append(body)
        parts.append(self.questions_html())
        parts.append(self.contacts_html())
        return "\n".join(parts)

    def questions_html(self) -> str:
        gap_pt = WRITING_GAP_MM / 25.4 * 72
        rows = "".join(f'<tr><td class="line" height="{self.pt_to_html_px(gap_pt):.0f}">'
                       "&nbsp;</td></tr>" for _ in range(WRITING_LINES))
        return (f'<h1 style="page-break-before: always">{escape(TEXT.questions)}</h1>'
                f"<p>{escape(TEXT.questions_intro)}</p><p>{escape(TEXT.questions_ideas)}</p>"
                f'<table width="100%" cellspacing="0" cellpadding="0" '
                f'style="border-collapse: collapse">{rows}</table>')

    def contacts_html(self) -> str:
        site = self.library.site
        call = TEXT.call_us.format(clinic=site.clinic_name, phone=site.clinic_phone)
        parts = [f'<h1 style="page-break-before: always">{escape(TEXT.contacts)}</h1>',
                 f'<p class="call">{escape(call)}</p>',
                 f"<p>{escape(TEXT.emergency.format(**self._numbers()))}</p>",
                 f"<p>{escape(TEXT.scan)}</p>"]
        qr_px = self.mm_to_html_px(QR_MM)
        for org in self.library.organisations:
            lines = [f"<b>{escape(org.name)}</b>", escape(org.description)]
            if org.phone:
                lines.append(escape(TEXT.phone.format(org.phone)))
            code = ""
            if org.website:
                lines.append(escape(TEXT.website.format(org.website)))
                name = f"handout-qr:{org.id}"
                self.document.addResource(QTextDocument.ResourceType.ImageResource.value,
                                          QUrl(name), qr_image(website_url(org.website), 600))
                code = f'<img src="{escape(name)}" width="{qr_px:.0f}" height="{qr_px:.0f}">'
            # One table per organisation, so a page break never cuts one in two.
            parts.append('<table width="100%" cellspacing="0" cellpadding="4">'
                         f'<tr><td width="74%" valign="middle">{"<br>".join(lines)}</td>'
                         f'<td width="26%" align="right" valign="middle">{code}</td></tr>'
                         "</table>")
        return "".join(parts)

    def _numbers(self) -> dict[str, str]:
        site = self.library.site
        return {"emergency": site.emergency, "crisis": site.crisis,
                "poison_control": site.poison_control}

    def _review_line(self) -> str:
        """The footer's third line: draft, or who reviewed the pages and when."""
        review = self.library.site.clinical_review
        if review is None:
            return TEXT.footer_draft
        return TEXT.footer_reviewed.format(name=review.name, role=review.role,
                                           date=_long_date(review.date))

    @staticmethod
    def mm_to_html_px(mm: float) -> float:
        """Image and cell sizes in HTML are in 96-dpi pixels; Qt scales them for the device."""
        return mm / 25.4 * 96

    @staticmethod
    def pt_to_html_px(pt: float) -> float:
        return pt / 72 * 96

    # -- layout and painting ---------------------------------------------------------------

    def footer_font(self) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(FOOTER_PT)
        return font

    def layout(self, device: QPaintDevice) -> int:
        """Lay the document out for ``device``'s paintable area; returns the page count."""
        document = self.document
        document.documentLayout().setPaintDevice(device)
        font = QFont(self.family)
        font.setPointSizeF(BODY_PT)
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(_css(self.family))
        document.setDocumentMargin(0)
        document.setHtml(self.html())
        self._spacing()
        metrics = QFontMetricsF(self.footer_font(), device)
        footer_height = metrics.lineSpacing() * 3 + device.logicalDpiY() * 4 / 25.4
        self.page_height = device.height() - footer_height
        self.footer_top = self.page_height + device.logicalDpiY() * 2 / 25.4
        document.setPageSize(QSizeF(device.width(), self.page_height))
        self._keep_together()
        return document.pageCount()

    def _spacing(self) -> None:
        """Line height and paragraph gaps on the blocks (Qt's HTML import ignores CSS for them).

        Block margins are in 96-dpi pixels: the layout scales them to the paint device.
        """
        body = self.pt_to_html_px(BODY_PT)
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        block = self.document.begin()
        while block.isValid():
            cursor.setPosition(block.position())
            fmt = QTextBlockFormat(block.blockFormat())
            fmt.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            heading = fmt.headingLevel()
            text_list = block.textList()
            if heading == 1:
                fmt.setTopMargin(0)
                fmt.setBottomMargin(body * 0.5)
            elif heading:
                fmt.setTopMargin(body * (0.9 if heading == 2 else 0.6))
                fmt.setBottomMargin(body * 0.3)
            elif text_list is not None:
                last = text_list.itemNumber(block) == text_list.count() - 1
                fmt.setBottomMargin(body * (0.8 if last else 0.3))
            elif cursor.currentTable() is None:
                fmt.setBottomMargin(body * 0.6)
            cursor.setBlockFormat(fmt)
            block = block.next()
        for frame in self.document.rootFrame().childFrames():  # tables
            frame_format = frame.frameFormat()
            frame_format.setBottomMargin(body * 0.8)
            frame.setFrameFormat(frame_format)
        cursor.endEditBlock()

    def _keep_together(self) -> None:
        """Move a heading that would end a page, or a short table a page break would cut,
        to the next page (Qt's layout knows neither rule). One fix per pass, then re-check."""
        layout = self.document.documentLayout()
        height = self.page_height

        def page_of(y: float) -> int:
            return int(y // height)

        for _ in range(200):  # a bound, far above what a handout needs
            moved = False
            for frame in self.document.rootFrame().childFrames():
                rect = layout.frameBoundingRect(frame)
                if rect.height() < height * 0.9 and \
                        page_of(rect.top()) != page_of(rect.bottom() - 1):
                    frame_format = frame.frameFormat()
                    frame_format.setPageBreakPolicy(
                        QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    frame.setFrameFormat(frame_format)
                    moved = True
                    break
            if not moved:
                block = self.document.begin()
                while block.isValid() and not moved:
                    following = block.next()
                    if block.blockFormat().headingLevel() and following.isValid():
                        top = page_of(self._first_line_y(block))
                        if top != page_of(self._first_line_y(following)):
                            cursor = QTextCursor(block)
                            fmt = block.blockFormat()
                            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                            cursor.setBlockFormat(fmt)
                            moved = True
                    block = following
            if not moved:
                return

    def _first_line_y(self, block: QTextBlock) -> float:
        rect = self.document.documentLayout().blockBoundingRect(block)
        lines = block.layout()
        if lines is not None and lines.lineCount():
            return rect.top() + lines.lineAt(0).y()
        return rect.top()

    def paint_page(self, painter: QPainter, index: int, count: int, width: float) -> None:
        """Paint page ``index`` (0-based) of ``count`` and its footer at the painter's origin."""
        painter.save()
        painter.translate(0, -index * self.page_height)
        self.document.drawContents(painter, QRectF(0, index * self.page_height, width,
                                                   self.page_height))
        painter.restore()
        self.paint_footer(painter, index, count, width)

    def paint_footer(self, painter: QPainter, index: int, count: int, width: float) -> None:
        site = self.library.site
        painter.save()
        painter.setFont(self.footer_font())
        metrics = QFontMetricsF(painter.font(), painter.device())
        line = metrics.lineSpacing()
        top = self.footer_top
        pen = QPen(QColor("#000000"))
        pen.setWidthF(max(1.0, painter.device().logicalDpiY() / 200))
        painter.setPen(pen)
        painter.drawLine(0, int(top - line * 0.25), int(width), int(top - line * 0.25))
        first = QRectF(0, top, width, line)
        second = QRectF(0, top + line, width, line)
        third = QRectF(0, top + 2 * line, width, line)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(first, align | Qt.AlignmentFlag.AlignLeft,
                         TEXT.footer_clinic.format(clinic=site.clinic_name,
                                                   phone=site.clinic_phone,
                                                   emergency=site.emergency))
        painter.drawText(first, align | Qt.AlignmentFlag.AlignRight,
                         TEXT.page_of.format(index + 1, count))
        painter.drawText(second, align | Qt.AlignmentFlag.AlignLeft,
                         TEXT.footer_dates.format(printed=_long_date(self.printed),
                                                  reviewed=_long_date(latest_review(self.library))))
        painter.drawText(third, align | Qt.AlignmentFlag.AlignLeft, self._review_line())
        painter.restore()

    def paint(self, device: QPagedPaintDevice) -> int:
        """Lay out and paint every page on ``device``; returns the page count."""
        count = self.layout(device)
        painter = QPainter()
        if not painter.begin(device):
            raise HandoutError("could not start drawing the handout (is the printer ready?)")
        try:
            painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            for index in range(count):
                if index:
                    device.newPage()
                self.paint_page(painter, index, count, device.width())
        finally:
            painter.end()
        return count


def _handout(pages: Sequence[Page], library: Library, title: str, session: Session | None,
             printed: dt.date | None) -> _Handout:
    if not pages:
        raise HandoutError("a handout needs at least one page")
    return _Handout(pages, library, title, session, printed)


def print_handout(device: QPagedPaintDevice, pages: Sequence[Page], library: Library, *,
                  title: str, session: Session | None = None,
                  printed: dt.date | None = None) -> int:
    """Paint the handout on a printer (or any paged device) as set up by the caller.

    Returns:
        The number of pages printed.

    Raises:
        HandoutError: no pages, no application, or the device cannot be drawn on.
    """
    return _handout(pages, library, title, session, printed).paint(device)


def write_handout(path: Path, pages: list[Page], library: Library, *, title: str,
                  session: Session | None = None, printed: dt.date | None = None) -> int:
    """Write a large-print PDF handout of ``pages`` to ``path`` (replaced atomically).

    Args:
        path: the PDF file to write; its folder must exist.
        pages: the pages, in order (a page listed twice is printed once).
        library: the content (site name and phone, resources, review dates).
        title: the cover title, such as the session's title.
        session: the guided session the pages come from, if any (named on the cover).
        printed: the date in the footer (today if ``None``; for tests).

    Returns:
        The number of pages in the PDF.

    Raises:
        HandoutError: the file cannot be written, or there is nothing to print.
    """
    path = Path(path)
    if path.is_dir():
        raise HandoutError(f"cannot write the handout: {path} is a folder")
    if not path.parent.is_dir():
        raise HandoutError(f"cannot write the handout: the folder {path.parent} does not exist")
    handout = _handout(pages, library, title, session, printed)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator(library.site.clinic_name)
    count = handout.paint(writer)
    del writer  # finishes the PDF in the buffer
    buffer.close()
    try:
        atomic_write_bytes(path, bytes(data.data()))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise HandoutError(f"cannot write the handout to {path}: {reason}") from None
    return count


def preview_handout(pages: Sequence[Page], library: Library, *, title: str,
                    session: Session | None = None, printed: dt.date | None = None,
                    dpi: int = 100) -> list[QImage]:
    """The handout's pages as images, laid out as on Letter paper (for a preview or a test)."""
    handout = _handout(pages, library, title, session, printed)
    layout = QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait, MARGINS_MM,
                         QPageLayout.Unit.Millimeter)
    paper = layout.fullRectPixels(dpi)
    inner = layout.paintRectPixels(dpi)
    probe = QImage(inner.width(), inner.height(), QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    probe.setDotsPerMeterX(dots_per_metre)
    probe.setDotsPerMeterY(dots_per_metre)
    count = handout.layout(probe)
    images = []
    for index in range(count):
        image = QImage(paper.width(), paper.height(), QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(inner.topLeft())
        handout.paint_page(painter, index, count, inner.width())
        painter.end()
        images.append(image)
    return images
