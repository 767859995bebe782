"""Annotated PDF briefings of clippings (ReportLab Platypus; no Qt)."""

from clipper.core.briefing.export import export_briefing
from clipper.core.briefing.options import BriefingOptions, BriefingResult

__all__ = ["BriefingOptions", "BriefingResult", "export_briefing"]
