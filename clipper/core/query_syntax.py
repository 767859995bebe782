"""What a query typed in the search field means: Whoosh's query parser with the habits of web
search engines ("-word", "+word", "Title:china", 2024-06-30 in a date range), a query that
cannot mean what it says searched as its plain words, and plain words told apart from the
rest (they are ranked without a parser: ``scoring.rank_plain_words``)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.fields import Schema

from clipper.core.analysis import has_bigram_script, text_analyzer
from clipper.core.scoring import Atom

if TYPE_CHECKING:
    from whoosh.qparser import MultifieldParser

DEFAULT_FIELDS = ("title", "body", "notes", "source", "author", "tag", "entity", "bias")
FIELD_ALIASES = {
    "source": ["outlet"],
    "author": ["authors", "by"],
    "tag": ["tags"],
    "entity": ["entities"],
    "lang": ["language"],
    "notes": ["note"],
}
DATE_FIELDS = ("published", "captured", "date")
# A date field's value: a bracketed range or one word, e.g. date:[2024-01-15 to 2024-06-30].
_DATE_CLAUSE = re.compile(rf"\b(?:{'|'.join(DATE_FIELDS)}):(?:[\[{{][^\]}}]*[\]}}]|\S+)")
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\b")


class QueryReader:
    """Reads queries against one index's schema. The parsers are made on the first query
    that needs one (most are plain words, read without: ``plain_words``), and Whoosh's query
    parser is loaded only then (a tenth of `clipper search`'s imports)."""

    def __init__(self, schema: Schema) -> None:
        self._schema = schema

    @cached_property
    def _parser(self) -> MultifieldParser:
        from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser
        from whoosh.qparser.dateparse import DateParserPlugin

        parser = MultifieldParser(list(DEFAULT_FIELDS), self._schema)
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        parser.add_plugin(GtLtPlugin())
        parser.add_plugin(DateParserPlugin(free=False))
        return parser

    @cached_property
    def _plain_parser(self) -> MultifieldParser:
        """Words only: no fields, phrases, operators or ranges: nothing is a syntax error."""
        from whoosh.qparser import MultifieldParser

        return MultifieldParser(list(DEFAULT_FIELDS), self._schema, plugins=[])

    def parse(self, text: str) -> tuple[wq.Query, bool]:
        """The query for ``text``; on a syntax error, the query for its plain words."""
        text = _usual_syntax(text.strip())
        if not text:
            return wq.Every(), False
        if _syntax_problem(text):  # Whoosh would quietly make something of it
            return self.plain_words_query(text), True
        try:
            query = self._parser.parse(_compact_dates(text)).accept(_without_tag_phrases)
            if not _has_error(query):
                return query, False
        except Exception:  # Whoosh raises assorted errors on odd input; never fail a search
            pass
        return self.plain_words_query(text), True

    def plain_words_query(self, text: str) -> wq.Query:
        words, left_out, leave_out = [], [], False
        for word in re.findall(r"[^\W_]+", text):
            if word == "NOT":
                leave_out = True
            elif leave_out:  # "-japan" stays a word to leave out
                left_out.append(word)
                leave_out = False
            elif word not in OPERATORS:
                words.append(word)
        if not words:
            return wq.NullQuery
        query = self._plain_parser.parse(" ".join(words))
        if left_out:
            query = wq.AndNot(query, wq.Or([self._plain_parser.parse(w) for w in left_out]))
        return query


_PHRASE = re.compile(r'("[^"]*")')
# "-word", "-\"a phrase\"", "-title:x" leave out; "+word" requires (as words do anyway).
# "-5 degrees" is a number; "--word" and "+-word" leave out as "-word" does
_SIGN = re.compile(r"(?:^|(?<=[\s(]))([-+]+)(?=[^\s+\d-]|$)")
_LONE_SIGN = re.compile(r"(?:^|(?<=\s))[-+]+(?=\s|$)")
_LANGUAGE_VALUE = re.compile(r"\b(?:lang|language):[^\s()]+")
_FIELD_NAME = re.compile(r"(?:^|(?<=[\s(]))([^\W\d_]+):")
_KNOWN_FIELDS = frozenset([*DEFAULT_FIELDS, "lang", *DATE_FIELDS,
                           *(alias for names in FIELD_ALIASES.values() for alias in names)])


def _usual_syntax(text: str) -> str:
    """The query with the syntax of web search engines in Whoosh's terms: "-word" is
    "NOT word", "+word" is "word", a dash standing alone is punctuation, and field names
    are read in any case ("Title:china"). Text inside quotes is left as it is."""
    parts = _PHRASE.split(text)
    for index in range(0, len(parts), 2):
        phrase_follows = index + 1 < len(parts)

        def sign(match: re.Match[str], part: str = parts[index],
                 phrase_follows: bool = phrase_follows) -> str:
            if match.end() == len(part) and not phrase_follows:
                return ""
            return "NOT " if "-" in match.group(1) else ""

        part = _SIGN.sub(sign, parts[index])
        part = _LONE_SIGN.sub("", part)
        part = _FIELD_NAME.sub(
            lambda m: f"{m.group(1).lower()}:" if m.group(1).lower() in _KNOWN_FIELDS
            else m.group(), part)
        parts[index] = _LANGUAGE_VALUE.sub(lambda m: m.group().lower(), part)  # lang:EN
    return "".join(parts).strip()


_EMPTY_FIELD = re.compile(r"(?:^|\s)[^\W\d_]\w*:(?=\s|$|\))")
_BINARY = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})


def _syntax_problem(text: str) -> bool:
    """A query that cannot mean what it says: an unclosed quote or parenthesis, a field with
    nothing after it ("title:"), an operator with nothing on one side ("AND", "china OR")."""
    if text.count('"') % 2:
        return True
    # A phrase may hold ":" or ")" as words do; it stands as one word ('source:"AP"' is whole).
    outside = re.sub(r'"[^"]*"', "phrase ", text)
    if outside.count("(") != outside.count(")") or _EMPTY_FIELD.search(outside):
        return True
    words = outside.replace("(", " ").replace(")", " ").split()
    return bool(words) and (words[0] in _BINARY or words[-1] in _BINARY or words[-1] == "NOT"
                            or all(w in OPERATORS for w in words))


_PLAIN_QUERY = re.compile(r"[^\W_]+(?: +[^\W_]+){0,15}")
# The words Whoosh reads as operators (in capitals).
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def plain_words(text: str) -> list[list[Atom]] | None:
    """The term groups Whoosh's parser makes of a query of plain words (letters and digits,
    no operators, no CJK): each word an OR of its term in every default field; None for any
    other query. ``test_search`` checks this agrees with the parser."""
    text = text.strip()
    if not _PLAIN_QUERY.fullmatch(text) or has_bigram_script(text):
        return None
    groups: list[list[Atom]] = []
    for word in text.split():
        if word in OPERATORS or len(_TEXT_TERMS(word)) != 1:
            return None
        [term] = _TEXT_TERMS(word)
        groups.append([(name, word.lower() if name == "tag" else term, 1.0)
                       for name in DEFAULT_FIELDS])
    return groups


def _TEXT_TERMS(word: str) -> list[str]:  # noqa: N802 - reads as the analyzer it stands for
    return [token.text for token in _ANALYZER(word)]


_ANALYZER = text_analyzer()


def _compact_dates(text: str) -> str:
    """Whoosh's date parser reads 20240630 but not 2024-06-30: rewrite dates in date clauses."""

    def compact(match: re.Match[str]) -> str:
        year, month, day = match.groups()
        return f"{year}{int(month):02d}" + (f"{int(day):02d}" if day else "")

    return _DATE_CLAUSE.sub(lambda clause: _ISO_DATE.sub(compact, clause.group()), text)


def _without_tag_phrases(query: wq.Query) -> wq.Query:
    """A phrase in the tag field as all of its tags: tags have no word positions, and a
    phrase with a comma in it ("alone, with") makes one there."""
    if isinstance(query, wq.Phrase) and query.fieldname == "tag":
        return wq.And([wq.Term("tag", word) for word in query.words])
    return query


def _has_error(query: wq.Query) -> bool:
    if getattr(query, "error", None):  # Whoosh marks unparsable parts this way
        return True
    # A date field left as a term (date:"" ): Whoosh would raise when it searches
    if isinstance(query, wq.Term) and query.fieldname in DATE_FIELDS:
        return True
    return any(_has_error(child) for child in query.children())
