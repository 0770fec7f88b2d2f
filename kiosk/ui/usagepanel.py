"""The staff panel's "What visitors read": this kiosk's anonymous counts of the last 30 days.

Charts of visits per day and per hour of the day, the 10 most read pages, the pages most often
left within 10 seconds, and the use of Listen, text size, screen and language (drawn by
:mod:`kiosk.ui.charts` from :func:`kiosk.core.usagereport.charts`, the same charts as
``main.py report --format html``), and, in plain words, what is and is not stored. Staff only,
in English (the report's words come from the core, shared with the HTML report).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core import theme
from kiosk.core.barchart import BarChart
from kiosk.core.usagereport import (
    NOT_STORED,
    PANEL_DAYS,
    STORED,
    ReportError,
    charts,
    collect,
)
from kiosk.ui.charts import BarChartWidget
from kiosk.ui.panels import Panel
from kiosk.ui.usage import UsageRecorder

log = logging.getLogger(__name__)


class UsagePanel(Panel):
    """The usage report for staff. :meth:`show_report` reads the counts again each time.

    Args:
        recorder: the window's usage counter (whether counting is on, and its file).
        title: a page id's title in the content shown.
        colours: the theme's colours now (the charts follow the visitor's screen choice).
    """

    def __init__(self, parent: QWidget, recorder: UsageRecorder, title: Callable[[str], str],
                 colours: Callable[[], theme.Colours]) -> None:
        super().__init__(parent, "usagePanel")
        self.recorder = recorder
        self._title = title
        self._colours = colours
        self._text_px = 24
        self.heading = QLabel(self.tr("What visitors read"))
        self.heading.setProperty("kind", "heading")
        self.heading.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.charts: list[BarChartWidget] = []
        self.privacy = QLabel(STORED + "\n\n" + NOT_STORED)
        self.privacy.setWordWrap(True)
        # In the panel's body, which scrolls with the big Up and Down buttons (Panel).
        self.body_layout = QVBoxLayout(self.body)
        for widget in (self.heading, self.status, self.privacy):
            self.body_layout.addWidget(widget)

    def apply_metrics(self, metrics: theme.Metrics) -> None:
        super().apply_metrics(metrics)
        self._text_px = metrics.body_px
        self.body_layout.setSpacing(metrics.gap_px * 3)
        self.pane.apply_metrics(metrics)
        for chart in self.charts:
            chart.set_style(self._colours(), metrics.body_px)

    def show_report(self, today: dt.date | None = None) -> None:
        """Write the counts waiting in memory, then show the last 30 days."""
        recorder = self.recorder
        if not recorder.enabled:
            self.status.setText(self.tr(
                "Counting is off (usage_counts = false in the settings). Earlier counts, if "
                "any, are still in {0}.").format(recorder.path))
            self._show_charts([])
            return
        recorder.flush()
        until = today or dt.date.today()
        since = until - dt.timedelta(days=PANEL_DAYS - 1)
        try:
            figures = collect([recorder.path], since, until) if recorder.path.is_file() else None
        except ReportError as exc:
            log.warning("usage report: %s", exc)
            figures = None
        if recorder.problem:
            state = self.tr("Counting has stopped until the kiosk restarts: {0}").format(
                recorder.problem)
        else:
            state = self.tr("Counting is on: anonymous counts per hour, kept {0} days, for "
                            "the kiosk named \u201c{1}\u201d.").format(recorder.keep_days,
                                                                     recorder.kiosk_name)
        visits = figures.visits if figures is not None else 0
        self.status.setText(state + " " + self.tr("{0} visits in the last {1} days.").format(
            visits, PANEL_DAYS))
        self._show_charts(charts(figures, self._title) if figures is not None else [])

    def _show_charts(self, made: list[BarChart]) -> None:
        for widget in self.charts:
            self.body_layout.removeWidget(widget)
            widget.deleteLater()
        self.charts = [BarChartWidget(chart, self._colours(), self._text_px) for chart in made]
        for index, widget in enumerate(self.charts):
            self.body_layout.insertWidget(2 + index, widget)  # after the heading and status
        self.fit()

    def open_over(self, host: QWidget, width: int) -> None:
        """Open as tall as the charts need, up to the window's height (they scroll beyond)."""
        self.open_centred(width)
