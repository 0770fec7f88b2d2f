"""The dystonia patient-education kiosk."""

import time as _time

#: When the application started (``time.monotonic()``): the staff panel's "Running for".
STARTED = _time.monotonic()
