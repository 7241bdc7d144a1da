"""Diarised speech-to-text output: WhisperX, AssemblyAI and Deepgram JSON.

Their speaker labels are anonymous (`SPEAKER_00`, `A`, `0`); `assemble` insists that the
speaker map names every one of them. Deepgram's integer speakers become `Speaker 0`, ….
Segments and utterances are cut at pauses, so one speaker's consecutive ones are joined with
spaces; only Deepgram's paragraphs start new paragraphs.
"""

from __future__ import annotations

from bot.transcripts import json_fields
from bot.transcripts.model import Cue, TranscriptError

Parsed = tuple[list[Cue], dict[str, object]]


def parse_whisperx(data: dict, source: str) -> Parsed:
    """`{"segments": [{"start": 0.03, "end": 2.5, "text": " Hi.", "speaker": "SPEAKER_00"}]}`.

    WhisperX leaves a segment without a speaker when no diarised turn overlaps it; such a
    segment goes on with the previous speaker, like a caption without a name.
    """
    cues = []
    for index, segment in enumerate(json_fields.items(data["segments"], "segments", source)):
        where = f"segments[{index}]"
        text = json_fields.text(segment, "text", where, source)
        speaker = json_fields.label(segment, "speaker", where, source)
        start = json_fields.number(segment, "start", where, source)
        cues.append(Cue(text.strip(), speaker, start, paragraph=False))
    return cues, _language(data)


def parse_assemblyai(data: dict, source: str) -> Parsed:
    """`{"utterances": [{"speaker": "A", "start": 250, "end": 2000, "text": "..."}], ...}`.

    Times are milliseconds. `utterances` is null when speaker_labels was not requested.
    """
    if data.get("status") == "error":
        raise TranscriptError(source, f"AssemblyAI reports an error: {data.get('error') or 'unknown'}")
    cues = []
    for index, utterance in enumerate(json_fields.items(data.get("utterances") or [], "utterances", source)):
        where = f"utterances[{index}]"
        text = json_fields.text(utterance, "text", where, source)
        speaker = json_fields.label(utterance, "speaker", where, source)
        start = json_fields.number(utterance, "start", where, source, per_second=1000)
        cues.append(Cue(text.strip(), speaker, start, paragraph=False))
    return cues, _language(data, "language_code")


def parse_deepgram(data: dict, source: str) -> Parsed:
    """`results.utterances` (utterances=true) if there, else each channel's paragraphs.

    A paragraph (paragraphs=true) is `{"speaker": 0, "start": 0.08, "sentences": [{"text"}]}`.
    Without diarize=true neither has a speaker, and `assemble` says how to get one.
    """
    results = data["results"]
    if isinstance(results.get("utterances"), list) and results["utterances"]:
        return _deepgram_utterances(results["utterances"], source), {}
    channels = json_fields.items(results.get("channels") or [], "results.channels", source)
    cues: list[Cue] = []
    for number, channel in enumerate(channels):
        cues += _deepgram_paragraphs(channel, f"results.channels[{number}]", source)
    return sorted(cues, key=lambda cue: cue.start or 0.0), {}  # channels interleave in time


def _deepgram_utterances(utterances: list, source: str) -> list[Cue]:
    cues = []
    for index, utterance in enumerate(json_fields.items(utterances, "results.utterances", source)):
        where = f"results.utterances[{index}]"
        text = json_fields.text(utterance, "transcript", where, source)
        speaker = json_fields.label(utterance, "speaker", where, source)
        start = json_fields.number(utterance, "start", where, source)
        cues.append(Cue(text.strip(), speaker, start, paragraph=False))  # split at pauses, not paragraphs
    return cues


def _deepgram_paragraphs(channel: dict, where: str, source: str) -> list[Cue]:
    alternatives = json_fields.items(channel.get("alternatives") or [], f"{where}.alternatives", source)
    if not alternatives:
        return []
    paragraphs = (alternatives[0].get("paragraphs") or {}).get("paragraphs")
    if paragraphs is None:  # no paragraphs requested: the plain transcript has no speakers
        text = alternatives[0].get("transcript") or ""
        return [Cue(text.strip())] if isinstance(text, str) else []
    cues = []
    for index, paragraph in enumerate(json_fields.items(paragraphs, f"{where}.paragraphs", source)):
        at = f"{where}.alternatives[0].paragraphs.paragraphs[{index}]"
        sentences = json_fields.items(paragraph.get("sentences") or [], f"{at}.sentences", source)
        text = " ".join(json_fields.text(s, "text", at, source).strip() for s in sentences)
        speaker = json_fields.label(paragraph, "speaker", at, source)
        cues.append(Cue(text, speaker, json_fields.number(paragraph, "start", at, source)))
    return cues


def _language(data: dict, key: str = "language") -> dict[str, object]:
    value = data.get(key)
    return {"language": value} if isinstance(value, str) else {}
