"""E-mail newsletters: headers in RFC 2047 and raw legacy bytes, HTML and plain parts in
legacy charsets. Messages composed for these tests, and real ones from the corpora."""

import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from clipper.core.capture.mail import parse_mail_file
from clipper.core.errors import CaptureError, EmptyFileError
from clipper.core.importer import PARSERS, read_draft

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"


def test_a_newsletter_with_encoded_headers_and_a_latin1_html_part():
    draft = read_draft(DATA / "newsletter.eml")
    assert draft.title == "Digues : trois communes s'unissent à Saint-Malô"
    assert draft.source_name == "Élodie Marchand"
    assert draft.authors == ["Élodie Marchand"]
    assert draft.published.isoformat() == "2024-03-15T07:00:00+01:00"
    paragraphs = draft.body.split("\n\n")
    assert any(p.startswith("Le conseil régional a présenté jeudi") for p in paragraphs)
    assert any(p.startswith("Le fonds commun sera géré") for p in paragraphs)
    assert draft.html is not None and b"<table>" in draft.html
    assert draft.language == "fr"


def test_a_plain_message_in_koi8r_with_a_raw_8bit_sender():
    draft = read_draft(DATA / "plain_koi8r.eml")
    assert draft.title == "Ремонт набережной"
    assert draft.source_name == "Городская газета"
    assert draft.body == ("Городской совет утвердил план ремонта набережной. Работы начнутся "
                          "в апреле и продлятся до осени.\n\nЖители смогут следить за ходом "
                          "работ на сайте мэрии.")
    assert draft.html is None
    assert draft.language == "ru"


def test_reply_prefixes_leave_the_subject_and_the_sender_address_names_the_outlet(tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(b"From: digest@news.example.com\r\nSubject: Fwd: Re: Morning digest\r\n"
                     b"Date: Tue, 02 Jan 2024 06:00:00 -0500\r\n"
                     b"Content-Type: text/plain; charset=utf-8\r\n\r\nToday: markets rose.\r\n")
    draft = parse_mail_file(path.read_bytes(), path)
    assert draft.title == "Morning digest"
    assert draft.source_name == "news.example.com"
    assert draft.authors == []
    assert draft.body == "Today: markets rose."


def test_a_newsletters_view_online_line_and_unsubscribe_footer_are_left_out(tmp_path):
    path = tmp_path / "n.eml"
    body = ("View this email in your browser\r\n\r\nMarkets rose on Monday as rates held."
            "\r\n\r\nBonds were flat.\r\n\r\nYou are receiving this because you "
            "subscribed. Unsubscribe here.\r\n\r\nExample News, 1 Main St, Springfield")
    path.write_bytes(b"From: Example News <digest@news.example.com>\r\nSubject: Digest\r\n"
                     b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.encode())
    assert parse_mail_file(path.read_bytes(), path).body == \
        "Markets rose on Monday as rates held.\n\nBonds were flat."


def test_files_that_are_not_messages_are_refused(tmp_path):
    path = tmp_path / "x.eml"
    path.write_text("just some words, no headers at all\n")
    with pytest.raises(CaptureError, match="not an e-mail message"):
        read_draft(path)
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        read_draft(path)


def test_eml_is_registered():
    from clipper.core import importer

    assert PARSERS[".eml"] is importer.parse_mail_file  # a lazy wrapper around ours


def test_corpus_messages_decode_like_python_email(corpora):
    messages = sorted((corpora / "eml").glob("*.eml"))
    if not messages:
        pytest.skip("no messages in this half of the corpus")
    for path in messages:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        headers = expected["headers_parsed_with_python_email"]
        draft = read_draft(path)
        assert draft.title == " ".join(headers["subject"].split())
        assert draft.source_name and draft.source_name in headers["from"]
        assert draft.published == parsedate_to_datetime(headers["date"])
        assert len(draft.body) > 100
        assert "\ufffd" not in draft.body
