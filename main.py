import gc
import sys

# Start-up creates tens of thousands of objects that live as long as the kiosk (modules, Qt
# wrappers): no garbage collections while it does (kiosk.app enables the collector again).
gc.disable()

from kiosk.app import main  # noqa: E402 (after the collector is paused)

if __name__ == "__main__":
    sys.exit(main())
