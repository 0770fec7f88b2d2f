"""Idle warning and the reset for the next visitor (WCAG 2.2.1; accessibility guide T18-T21).

After ``idle_timeout`` seconds without input an "Are you still there?" overlay counts down
``idle_warning`` seconds. Any tap continues exactly where the visitor was; no answer resets the
kiosk. Reading aloud counts as activity. Staff can pause all of this for a guided session,
for at most ``staff_pause_max_minutes``, with "Paused by staff" on the screen all the while.
After a reset nothing is counted until someone touches the kiosk again (an empty waiting room
sees no warning every few minutes). A daily reset at a set time (``daily_reset``) starts each
day clean even on a busy kiosk, and ends any pause.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.ui.widgets import ignore_taps, is_language_change, make_button, set_enum

log = logging.getLogger(__name__)

_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.KeyPress, QEvent.Type.Wheel,
}
# With accessibility on, Qt's AT-SPI bridge holds each key press for the screen reader and then
# sends it again itself: a keyboard or switch user's keys arrive as non-spontaneous events.
_KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease}


class IdleOverlay(QFrame):
    """Covers the whole window; a tap anywhere on it means "I'm still here".

    Signals:
        dismissed(): the visitor tapped (anywhere) to carry on.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.card = QFrame(self)
        self.card.setObjectName("overlayCard")
        self.question = QLabel()
        self.question.setProperty("kind", "heading")
        self.countdown = QLabel()
        self.countdown.setWordWrap(True)
        self.still_here = make_button("", role="primary", name="stillHere")
        self._seconds = 0
        self._return_focus: QWidget | None = None
        self._set_texts()
        self.still_here.clicked.connect(self.dismissed)
        card_layout = self._card_layout = QVBoxLayout(self.card)
        self.question.setWordWrap(True)
        for widget in (self.question, self.countdown, self.still_here):
            card_layout.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.card)  # fixed size when shown, so the layout centres it
        layout.addStretch(1)
        self.hide()

    def show_over(self, widget: QWidget, card_width: int, gap: int) -> None:
        """Cover ``widget``; the card in the middle is ``card_width`` wide with ``gap`` spacing."""
        self.setGeometry(widget.rect())
        width = min(card_width, widget.width() - 2 * gap)
        layout = self._card_layout
        layout.setSpacing(gap)
        layout.setContentsMargins(gap * 2, gap * 2, gap * 2, gap * 2)
        self.card.setFixedWidth(width)
        self.card.setFixedHeight(layout.totalHeightForWidth(width))
        self.raise_()
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.still_here:
            self._return_focus = focus
        self.show()
        self.still_here.setFocus()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt API)
        """Tab stays on "I'm still here": the controls underneath are covered."""
        return True if self.isVisible() else super().focusNextPrevChild(next)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """The keyboard focus goes back where it was before the question came."""
        super().hideEvent(event)
        focus, self._return_focus = self._return_focus, None
        if self.still_here.hasFocus() and focus is not None and isValid(focus) \
                and focus.isVisible() and focus.isEnabled():
            focus.setFocus()

    def _set_texts(self) -> None:
        self.question.setText(self.tr("Are you still there?"))
        self.still_here.setText(self.tr("I'm still here"))
        self.still_here.setAccessibleName(self.still_here.text())
        self.set_seconds(self._seconds)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_texts()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        # %n: Qt picks the plural form of the language and writes the number in it.
        self.countdown.setText(self.tr("The screen will go back to the start in %n seconds. "
                                       "Tap anywhere to keep reading.", "", seconds))

    def spoken_text(self) -> str:
        tap = self.tr("Tap the screen to keep reading.")
        return f"{self.question.text()} {tap}"

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.dismissed.emit()


class PauseMarker(QLabel):
    """"Paused by staff" in a band under the title while the idle reset is paused, so nobody
    mistakes a paused kiosk for one that keeps visitors' pages private. Taps go through it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseMarker")
        self.setWordWrap(True)
        set_enum(self, "alignment", "AlignCenter")
        ignore_taps(self)  # start-up module: no Qt namespace before the first paint
        self._until: dt.datetime | None = None
        self.hide()

    @Slot(bool)
    def show_paused(self, paused: bool, until: dt.datetime | None = None) -> None:
        self._until = until
        self._set_text()
        self.setVisible(paused)

    def _set_text(self) -> None:
        if self._until is None:
            self.setText(self.tr("Paused by staff"))
        else:
            self.setText(self.tr("Paused by staff until {0}").format(
                f"{self._until:%H:%M}"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if is_language_change(event):
            self._set_text()


class IdleWatcher(QObject):
    """Watches for input anywhere in the application and runs the idle timers.

    Args:
        pause_max_seconds: the longest a staff pause lasts before it ends by itself.

    Signals:
        warning_shown(): the "Are you still there?" overlay appeared.
        continued(): the visitor answered; nothing was reset.
        timed_out(): nobody answered; the kiosk should reset for the next visitor.
        pause_changed(bool): the idle reset was paused (True) or resumed.
    """

    warning_shown = Signal()
    continued = Signal()
    timed_out = Signal()
    pause_changed = Signal(bool)

    def __init__(self, parent: QObject, idle_seconds: float, warning_seconds: float,
                 pause_max_seconds: float = 3600.0) -> None:
        super().__init__(parent)
        self.pause_timer = QTimer(self)  # a pause ends by itself
        self.pause_timer.setObjectName("pause_limit_timer")
        self.pause_timer.setSingleShot(True)
        self.pause_timer.setInterval(int(pause_max_seconds * 1000))
        self.pause_timer.timeout.connect(self._pause_expired)
        self.paused_until: dt.datetime | None = None
        #: False after a reset until someone touches the kiosk: an empty kiosk stays quiet.
        self.armed = True
        self.idle_timer = QTimer(self)
        self.idle_timer.setObjectName("idle_timer")
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(int(idle_seconds * 1000))
        self.idle_timer.timeout.connect(self._on_idle)
        self.warning_timer = QTimer(self)  # ticks once a second, only while the warning shows
        self.warning_timer.setObjectName("warning_timer")
        self.warning_timer.setInterval(1000)
        self.warning_timer.timeout.connect(self._tick)
        self.warning_seconds = max(1, round(warning_seconds))
        self.remaining = self.warning_seconds
        self.paused = False
        self.warning = False
        self.busy: Callable[[], bool] = lambda: False  # the window's: True while reading aloud

    def set_intervals(self, idle_ms: int, warning_seconds: int, tick_ms: int = 1000) -> None:
        """Change the timings (tests shrink them; staff settings lengthen them)."""
        self.idle_timer.setInterval(idle_ms)
        self.warning_seconds = warning_seconds
        self.warning_timer.setInterval(tick_ms)
        self.restart()

    def start(self) -> None:
        self.restart()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in _KEY_EVENTS or (kind in _INPUT_EVENTS and event.spontaneous()):
            self.activity()
        return False

    @Slot()
    def activity(self) -> None:
        """The visitor did something: carry on and start counting again."""
        self.armed = True
        if self.warning:
            self.warning = False
            self.warning_timer.stop()
            self.continued.emit()
        self.restart()

    def restart(self) -> None:
        if self.paused or not self.armed:
            self.idle_timer.stop()
        else:
            self.idle_timer.start()

    def pause(self) -> None:
        """Staff mode: no warning and no reset until :meth:`resume`, or until the pause's
        limit (counted again from each request)."""
        self.paused = True
        self.idle_timer.stop()
        self.pause_timer.start()
        self.paused_until = dt.datetime.now() + dt.timedelta(
            milliseconds=self.pause_timer.interval())
        if self.warning:
            self.activity()
        self.pause_changed.emit(True)  # again for a new request: the marker shows the new end

    def resume(self) -> None:
        was_paused = self.paused
        self.paused = False
        self.paused_until = None
        self.pause_timer.stop()
        self.restart()
        if was_paused:
            self.pause_changed.emit(False)

    def reset(self) -> None:
        """After a reset for the next visitor: no pause, no warning, and no counting until
        someone touches the kiosk."""
        if self.paused:
            log.info("idle reset pause ended by the reset")
        self.warning = False
        self.warning_timer.stop()
        self.armed = False
        self.resume()

    @Slot(bool)
    def set_paused(self, paused: bool) -> None:
        """Staff pause the idle reset for a guided session, and resume it afterwards."""
        if paused:
            self.pause()
        else:
            self.resume()
        log.info("idle reset %s by staff", "paused" if paused else "resumed")

    @Slot()
    def _pause_expired(self) -> None:
        minutes = round(self.pause_timer.interval() / 60000)
        log.info("idle reset pause ended by itself after %d minutes", minutes)
        self.resume()

    @Slot()
    def _on_idle(self) -> None:
        if self.paused:
            return
        if self.busy():
            self.idle_timer.start()  # reading aloud counts as the visitor being there
            return
        self.warning = True
        self.remaining = self.warning_seconds
        self.warning_timer.start()
        self.warning_shown.emit()

    @Slot()
    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.warning = False
            self.warning_timer.stop()
            self.timed_out.emit()
            self.restart()


class IdleWarning(QObject):
    """Shows the overlay over ``window`` while ``watcher`` counts down, and reads it aloud.

    Args:
        sizes: the card's width and the spacing, in pixels, for the current look.
        say: reads a text aloud if Listen is in use.
    """

    def __init__(self, window: QWidget, watcher: IdleWatcher, overlay: IdleOverlay,
                 sizes: Callable[[], tuple[int, int]], say: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window, self._watcher, self._overlay = window, watcher, overlay
        self._sizes, self._say = sizes, say
        watcher.warning_shown.connect(self._show)
        watcher.warning_timer.timeout.connect(self._tick)
        watcher.continued.connect(overlay.hide)
        overlay.dismissed.connect(watcher.activity)

    @Slot()
    def _show(self) -> None:
        self._overlay.set_seconds(self._watcher.remaining)
        width, gap = self._sizes()
        self._overlay.show_over(self._window, width, gap)
        self._say(self._overlay.spoken_text())

    @Slot()
    def _tick(self) -> None:
        self._overlay.set_seconds(max(0, self._watcher.remaining))


class DailyReset(QObject):
    """Asks for a reset once a day at a set time, so a kiosk that is never idle still starts
    each day clean.

    Args:
        when: the time of day as ``"HH:MM"``; ``""`` for never.

    Signals:
        due(): the time has come (the next one is already scheduled).
    """

    due = Signal()

    def __init__(self, parent: QObject, when: str) -> None:
        super().__init__(parent)
        self.when = when
        self.timer = QTimer(self)
        self.timer.setObjectName("daily_reset_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timeout)
        self.schedule()

    def schedule(self) -> None:
        """Start the timer for the next time of day (nothing when there is none)."""
        if not self.when:
            return
        hour, minute = (int(part) for part in self.when.split(":"))
        now = dt.datetime.now()
        target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if target <= now:
            target += dt.timedelta(days=1)
        self.timer.start(int((target - now).total_seconds() * 1000))

    @Slot()
    def _on_timeout(self) -> None:
        self.due.emit()
        self.schedule()
