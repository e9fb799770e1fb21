"""How large a PDF's streams become once decoded, measured before any parser inflates them.

A decompression bomb hides in a stream's filters: one FlateDecode, or a chain of them (ASCIIHexDecode then
FlateDecode, FlateDecode twice, ASCII85 then LZW…). Each stream's /Filter list is decoded here as a pipeline of
incremental decoders, a megabyte at a time, and counting stops past the cap — so detecting a bomb costs a few
megabytes of memory whatever it would inflate to. Filters that do not expand (images: DCT, JPX, CCITT, JBIG2)
and streams that cannot be decoded count as their stored size.
"""
from __future__ import annotations

import base64
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, cast

CHUNK = 1 << 20
_STREAM = re.compile(rb"stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_DICT_REACH = 4096  # bytes before `stream` searched for its dictionary


class _Undecodable(Exception):
    """A stream its filters do not decode (damaged, or a filter we do not expand): counted as stored."""


def decoded_size(data: bytes, cap: int) -> int:
    """The streams' total decoded size, given up (returning more than `cap`) as soon as it passes `cap`."""
    total, at = 0, 0
    while total <= cap:
        m = _STREAM.search(data, at)
        if m is None:
            break
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        raw = memoryview(data)[m.end():end]
        filters = _filters(data[max(0, m.start() - _DICT_REACH):m.start()])
        try:
            for chunk in _decode(raw, filters):
                total += len(chunk)
                if total > cap:
                    break
        except _Undecodable:
            total += len(raw)
        at = end + 9
    return total


def _filters(before: bytes) -> list[bytes]:
    """The /Filter names of the dictionary that ends just before `stream` (the last one in `before`)."""
    opened = before.rfind(b"obj")
    found = list(_FILTER.finditer(before, opened if opened >= 0 else 0))
    if not found:
        return []
    return [_ABBREVIATIONS.get(name, name) for name in _NAME.findall(found[-1].group(1))]


_ABBREVIATIONS = {b"Fl": b"FlateDecode", b"AHx": b"ASCIIHexDecode", b"A85": b"ASCII85Decode",
                  b"LZW": b"LZWDecode", b"RL": b"RunLengthDecode"}


def _decode(raw: memoryview, filters: list[bytes]) -> Iterator[bytes]:
    chunks: Iterable[bytes] = (bytes(raw[i:i + CHUNK]) for i in range(0, len(raw), CHUNK))
    for name in filters:
        stage = _STAGES.get(name)
        if stage is None:
            if name in _IMAGES:  # the last filter of an image: its output is pixels, not text to inflate
                break
            raise _Undecodable(name)
        chunks = stage(chunks)
    if not filters:
        chunks = _flate_or_stored(chunks)  # an unfiltered stream, or a /Filter this reader missed
    yield from chunks


_IMAGES = {b"DCTDecode", b"JPXDecode", b"CCITTFaxDecode", b"JBIG2Decode", b"Crypt"}


def _flate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            out = inflater.decompress(chunk, CHUNK)
            while out:
                yield out
                out = inflater.decompress(inflater.unconsumed_tail, CHUNK) if inflater.unconsumed_tail else b""
    except zlib.error as exc:
        raise _Undecodable("FlateDecode") from exc


def _flate_or_stored(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """No filter named: inflate when the bytes open as zlib (a dictionary this reader could not read), else they
    count as stored."""
    iterator = iter(chunks)
    first = next(iterator, b"")
    if len(first) > 1 and (first[0] * 256 + first[1]) % 31 == 0 and first[0] & 0x0F == 8:
        yield from _flate([first, *iterator])
        return
    yield first
    yield from iterator


_HEX = re.compile(rb"[^0-9A-Fa-f]")


def _ascii_hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    odd = b""
    for chunk in chunks:
        ended = chunk.find(b">")
        digits = odd + _HEX.sub(b"", chunk if ended < 0 else chunk[:ended])
        odd, digits = (digits[-1:], digits[:-1]) if len(digits) % 2 else (b"", digits)
        yield bytes.fromhex(digits.decode("ascii"))
        if ended >= 0:
            odd = b""
            break
    if odd:
        yield bytes.fromhex((odd + b"0").decode("ascii"))


_A85_SPACE = re.compile(rb"\s")


def _ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    rest = b""
    for chunk in chunks:
        ended = chunk.find(b"~>")
        text = rest + _A85_SPACE.sub(b"", chunk if ended < 0 else chunk[:ended])
        # decode whole groups only ('z' is one byte for four zeros): cut after the last complete group
        cut, group = 0, 0
        for i, byte in enumerate(text):
            if byte == ord("z") and group == 0:
                cut = i + 1
            else:
                group += 1
                if group == 5:
                    cut, group = i + 1, 0
        if ended >= 0:
            cut = len(text)
        try:
            yield base64.a85decode(text[:cut])
        except ValueError as exc:
            raise _Undecodable("ASCII85Decode") from exc
        rest = text[cut:]
        if ended >= 0:
            return


def _run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        data, i, out = pending + chunk, 0, bytearray()
        while i < len(data):
            length = data[i]
            if length == 128:  # end of data
                yield bytes(out)
                return
            if length < 128:
                if i + 1 + length + 1 > len(data):
                    break
                out += data[i + 1:i + 2 + length]
                i += length + 2
            else:
                if i + 1 >= len(data):
                    break
                out += data[i + 1:i + 2] * (257 - length)
                i += 2
            if len(out) >= CHUNK:
                yield bytes(out)
                out = bytearray()
        pending = data[i:]
        yield bytes(out)


class _ChunkReader(io.RawIOBase):
    """The chunks of the stage before as a file (pdfminer's LZW decoder reads a byte at a time)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks, self._buffer = iter(chunks), memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, into: bytearray) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk)
        size = min(len(into), len(self._buffer))
        into[:size], self._buffer = self._buffer[:size], self._buffer[size:]
        return size


def _lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """PDF's LZW, decoded by pdfminer.six (already installed with pdfplumber) a code at a time."""
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    try:
        for piece in LZWDecoder(io.BufferedReader(cast(Any, _ChunkReader(chunks)))).run():
            out += piece
            if len(out) >= CHUNK:
                yield bytes(out)
                out = bytearray()
    except Exception as exc:  # pdfminer's CorruptDataError, or a table index out of range on damaged data
        raise _Undecodable("LZWDecode") from exc
    yield bytes(out)


_STAGES = {b"FlateDecode": _flate, b"ASCIIHexDecode": _ascii_hex, b"ASCII85Decode": _ascii85,
           b"RunLengthDecode": _run_length, b"LZWDecode": _lzw}
