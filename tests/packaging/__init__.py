"""Tests of the self-contained app built by PyInstaller (make test-dist)."""
