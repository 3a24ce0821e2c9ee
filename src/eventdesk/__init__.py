"""eventdesk: news reports about political violence in, evidence-backed conflict events out."""
from .model import Document, Event, Evidence
from .pipeline import Pipeline, Result, extract

__all__ = ["Document", "Event", "Evidence", "Pipeline", "Result", "extract"]
__version__ = "0.1.0"
