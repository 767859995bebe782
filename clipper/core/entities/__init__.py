"""The analyst's reading aids: entity suggestions and quotations, from text alone.

Pure functions over a text (no database, no Qt); the ``Library`` feeds them the entities the
user already tagged and stores what the user accepts or rejects.
"""

from clipper.core.entities.quotes import Quote, find_quotes
from clipper.core.entities.suggestions import KnownEntity, Suggestion, suggest
from clipper.core.entities.tokens import fold_name, occurrences

__all__ = ["KnownEntity", "Quote", "Suggestion", "find_quotes", "fold_name", "occurrences",
           "suggest"]
