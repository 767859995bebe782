"""Clipper: organise, annotate and brief from press clippings."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clipper")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
