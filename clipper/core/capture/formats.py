"""The file types Clipper reads, by suffix (cheap to import: no parser comes with it)."""

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MAIL_SUFFIXES = frozenset({".eml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
