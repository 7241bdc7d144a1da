"""HTML transcripts: <cite>, <time>, <p> (the example file is in test_reader.py)."""

from __future__ import annotations

from tests.transcripts.helpers import error_of, parse, turns_of

HTML = """\
<!DOCTYPE html>
<html><head><title>Proof, episode 12</title></head>
<body>
<cite>Mara Quinn:</cite>
<time>0:00</time>
<p>Welcome back to <b>Proof</b> &amp; Crumb.<br>Today: bread.
<p>A second paragraph, same speaker.</p>
<cite>Tomas Reyes :</cite>
<time>1:02:03</time>
<p>Thanks for having me.</p>
</body></html>
"""


def test_cite_time_and_paragraphs():
    transcript = parse(HTML, "ep.html")
    assert transcript.format == "html"
    assert transcript.metadata == {"title": "Proof, episode 12"}
    assert turns_of(transcript) == [
        ("Mara Quinn", 0.0, "Welcome back to Proof & Crumb. Today: bread.\nA second paragraph, same speaker."),
        ("Tomas Reyes", 3723.0, "Thanks for having me."),
    ]
    assert [t.line for t in transcript.turns] == [6, 10]  # where each turn's <p> starts


def test_html_without_cite_says_how_to_name_speakers():
    assert error_of("<p>Hello.</p>\n<p>Hi.</p>\n", "ep.html") == (
        "ep.html: no speaker labels found; put each speaker's name in `<cite>Name:</cite>` before their `<p>`"
    )


def test_a_time_that_is_not_one():
    text = "<cite>Ada:</cite>\n<time>0:00</time>\n<p>Hello.</p>\n<cite>Bob:</cite>\n<time>soon</time>\n<p>Hi.</p>\n"
    assert error_of(text, "ep.html") == "ep.html:5: <time>soon</time> is not a time like 1:02:03 or 0:09"
