"""The kiosk's screens. Each shows one kind of route and only displays what the core gives it.

Every screen has ``title()`` (for the title bar) and ``spoken_text()`` (what Listen reads).

The package is cut along the first paint (make bench: start-up):

- :mod:`.base` and :mod:`.home`: the screen base classes, the home screen, the section lists
  and the "not available" screen. The home screen is built before the first paint, so these
  modules keep its start-up tricks (no ``Qt`` namespace, enum properties set by name).
- :mod:`.reading` (pages, the word list) and :mod:`.resources` (organisations, QR codes): built
  after the first paint, in ordinary Qt idiom. Only :class:`kiosk.ui.screenstack.ScreenStack`
  imports them, when it first builds one of their screens.

This file imports nothing, so importing any one module does not load the others.
"""
