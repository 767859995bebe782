"""A folder of hostile files, made at test time (never committed), and a child process that
imports it and reports memory (``python -m tests.reliability.nasty LIBRARY FOLDER``)."""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from tests.memory import peak_rss_mb

BIG_FILE_BYTES = 200 * 1024 * 1024
SCRIPT_MARK = "EVILSCRIPTCONTENT"

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>Bomb &g;</title><link>https://bomb.example/</link>
<item><title>Entry &g;</title><link>https://bomb.example/1</link>
<description>Text &g; here.</description></item></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">
 <!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>
<rss version="2.0"><channel><title>External</title><link>https://ext.example/</link>
<item><title>Leak &secret;</title><link>https://ext.example/1</link>
<description>Remote &remote; and secret &secret; end.</description></item></channel></rss>"""

SCRIPTED = f"""<html><head><title>Scripted page</title>
<script>document.title = "{SCRIPT_MARK}"; fetch("http://127.0.0.1:9/");</script>
<script src="http://127.0.0.1:9/evil.js"></script></head>
<body onload="alert('{SCRIPT_MARK}')"><article><h1>Scripted page</h1>
<p>The first paragraph of a real article about regional trade talks and tariffs.</p>
<script>var x = "{SCRIPT_MARK}";</script><noscript>{SCRIPT_MARK}</noscript>
<p>A second paragraph, long enough to count as article text for the extractor to keep.</p>
<iframe src="javascript:alert(1)"></iframe><img src=x onerror="alert('{SCRIPT_MARK}')">
<style>body {{ background: url("{SCRIPT_MARK}") }}</style>
<p>A third paragraph closes the article with more words about the ministers' meeting.</p>
</article></body></html>""".encode()

BROKEN_MAILS = {
    "no-boundary.eml": b"From: A <a@x.example>\nSubject: Broken\nMIME-Version: 1.0\n"
                       b"Content-Type: multipart/alternative\n\nno boundary here\n",
    "bad-base64.eml": b"From: A <a@x.example>\nSubject: Bad base64\nMIME-Version: 1.0\n"
                      b"Content-Type: text/plain; charset=utf-8\n"
                      b"Content-Transfer-Encoding: base64\n\n!!!!not base64 at all$$$\n",
    "bogus-charset.eml": b"From: A <a@x.example>\nSubject: =?x-bogus?B?SGVsbG8=?=\n"
                         b"Content-Type: text/plain; charset=x-no-such-charset\n\n"
                         b"Body \xff\xfe text.\n",
    "truncated.eml": b"From: A <a@x.example>\nSubject: Cut\nMIME-Version: 1.0\n"
                     b"Content-Type: multipart/mixed; boundary=\"zz\"\n\n--zz\n"
                     b"Content-Type: text/html\n\n<p>Cut off in the mid",
    "nested.eml": b"From: A <a@x.example>\nSubject: Deep\nMIME-Version: 1.0\n" +
                  b"".join(b"Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n" % (i, i)
                           for i in range(300)) + b"Content-Type: text/plain\n\nDeep text.\n",
}


def make_nasty_folder(folder: Path, seed: int = 8) -> dict[str, str]:
    """Write the hostile files into ``folder``; returns name -> what it is."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}

    def write(name: str | bytes, data: bytes, what: str) -> None:
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        with open(path, "wb") as file:
            file.write(data)
        made[os.fsdecode(name)] = what

    for suffix in (".txt", ".html", ".eml", ".xml", ".md"):
        write(f"random{suffix}", rng.randbytes(20_000), "random bytes")
    with open(folder / "huge.txt", "wb") as file:  # sparse: 200 MB long, no disk used
        file.write(b"Huge title\n\n")
        file.truncate(BIG_FILE_BYTES)
    made["huge.txt"] = "a 200 MB text file"
    write("one-line.txt", b"word " * (5 * 1024 * 1024 // 5), "one 5 MB line")
    write("deep.html", b"<div>" * 10_000 + b"<p>Deep inside.</p>" + b"</div>" * 10_000,
          "HTML nested 10,000 levels")
    write("scripted.html", SCRIPTED, "HTML with scripts")
    write("bomb.xml", BOMB, "feed with an entity-expansion bomb")
    write("external.rss", EXTERNAL, "feed with external entities")
    for name, data in BROKEN_MAILS.items():
        write(name, data, "e-mail with broken MIME")
    def good(word: str) -> bytes:
        return f"A {word} title\n\nAn ordinary clipping about {word} trade talks.\n".encode()

    write("new\nline.txt", good("newline"), "a newline in the name")
    write("quo\"te's.txt", good("quoted"), "quotes in the name")
    write(b"latin-\xe9\xff.txt", good("undecodable"), "non-UTF-8 bytes in the name")
    write("L" * 250 + ".txt", good("longnamed"), "a 254-byte name")
    write("-rf --help.txt", good("dashed"), "leading dashes in the name")
    write("good.txt", good("ordinary"), "an ordinary file")
    loop = folder / "loop"
    loop.mkdir()
    os.symlink("..", loop / "up")  # a folder symlink back up: a loop if followed
    os.symlink("b.txt", folder / "a.txt")  # a file symlink loop: a -> b -> a
    os.symlink("a.txt", folder / "b.txt")
    made["loop/up"], made["a.txt"], made["b.txt"] = ("folder symlink loop", "file symlink loop",
                                                     "file symlink loop")
    return made


def import_and_measure(library: str, folder: str) -> dict:
    """Import ``folder`` into ``library``; what happened and the peak memory (MB)."""
    from clipper.core.importer import collect_files, import_files
    from clipper.core.library import Library

    before = peak_rss_mb()
    with Library.open(library) as opened:
        events = list(import_files(opened, collect_files([folder])))
    return {"before_mb": before, "peak_mb": peak_rss_mb(),
            "events": [{"path": os.fsencode(str(e.path)).decode("utf-8", "replace"),
                        "status": e.status, "reason": e.reason} for e in events]}


if __name__ == "__main__":
    print(json.dumps(import_and_measure(sys.argv[1], sys.argv[2])))
