"""Writing `interview.toml` (bot.corpus.imported reads it): readable, and the same bytes every time.

Written by hand rather than with a TOML library so that the file can carry the comments a
reviewer needs, in a fixed layout; every value is a string, a whole number, a float or a list
of strings. There is no time stamp in it: importing a file twice writes identical bytes.
"""

from __future__ import annotations

import json
import math

from bot.corpus.imported import ImportedAnnotation, SpeakerEntry, TopicEntry, TurnEntry

_HEADER = """\
# Made by `quotebot import` from {file} ({format}). Review it and edit it; the format is in
# seeds/README.md ("Imported interviews"). The source file beside it is never edited.
#
# You may change: the [interview] fields; a speaker's name and role ("host" or "guest");
# the topics (names; `zh`, a name for Chinese readers); and a turn's `speaker`, `start`
# (seconds) or `topic` (which starts that topic: the turns after it stay in it until another
# `topic`). Each turn's `line` and `words` say which turn of the source it is and are checked
# against it at every load: to split or join turns differently (e.g. two labels of one
# person), import again with --speaker ... --replace.
"""


def render_annotation(annotation: ImportedAnnotation) -> str:
    parts = [_HEADER.format(file=annotation.source_file, format=annotation.source_format), _interview(annotation)]
    parts += [_speaker(speaker) for speaker in annotation.speakers]
    parts += [_topic(topic) for topic in annotation.topics]
    # A turn names its topic only where the topic changes (bot.corpus.imported reads it so).
    topics = [None] + [turn.topic for turn in annotation.turns]
    parts += [_turn(turn, turn.topic != before) for turn, before in zip(annotation.turns, topics)]
    return "\n".join(parts)


def _interview(annotation: ImportedAnnotation) -> str:
    lines = [
        "[interview]",
        f"title = {_string(annotation.title)}",
        f"date = {_string(annotation.date)}  # YYYY-MM-DD, or \"\" if unknown",
        f"url = {_string(annotation.url)}  # the recording, for links to a turn's moment",
        f"language = {_string(annotation.language)}  # en | zh-hans | zh-hant: the language it was held in",
        "",
        "[source]",
        f"file = {_string(annotation.source_file)}",
        f"format = {_string(annotation.source_format)}",
    ]
    if annotation.chapters_file:
        lines.append(f"chapters = {_string(annotation.chapters_file)}  # the topics below came from it")
    return "\n".join(lines) + "\n"


def _speaker(speaker: SpeakerEntry) -> str:
    labels = ", ".join(_string(label) for label in speaker.labels)
    return (f"[[speaker]]\nid = {_string(speaker.id)}\nname = {_string(speaker.name)}\n"
            f"role = {_string(speaker.role)}\nlabels = [{labels}]  # as the source writes them\n")


def _topic(topic: TopicEntry) -> str:
    lines = ["[[topic]]", f"key = {_string(topic.key)}", f"en = {_string(topic.en)}"]
    if topic.zh:
        lines.append(f"zh = {_string(topic.zh)}")
    if topic.start is not None:
        lines.append(f"start = {_float(topic.start)}")
    return "\n".join(lines) + "\n"


def _turn(turn: TurnEntry, new_topic: bool) -> str:
    lines = ["[[turn]]", f"speaker = {_string(turn.speaker)}"]
    if new_topic:
        lines.append(f"topic = {_string(turn.topic)}  # this turn and the next ones, until another topic")
    if turn.start is not None:
        lines.append(f"start = {_float(turn.start)}")
    if turn.line is not None:
        lines.append(f"line = {turn.line}")
    lines.append(f"words = {_string(turn.words)}")
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's, but for DEL, which TOML wants escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"not a time: {value!r}")
    return repr(float(value))  # the shortest text that reads back as the same float
