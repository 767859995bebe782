"""Clipper: organise, annotate and brief from press clippings."""

__version__ = "0.1.0"
