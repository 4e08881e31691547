"""Near-duplicate and copied entries: MinHash LSH (datasketch) over Vietnamese syllable shingles.

Text is folded as ``guongsang.core.text.fold`` folds it (lower case, no diacritics, đ→d), so a
copy retyped without accents, or with other capitalisation, is still a copy. A shingle is four
consecutive syllables. Each entry's shingle set becomes a 128-value MinHash signature; the LSH
index proposes candidate pairs; each candidate's similarity is estimated from the signatures and
the pair is kept when the shared share of the shorter text reaches the threshold.

Speed (a national scan is 10^5 entries): text is split on white space and each distinct spelling
is folded and hashed once (a dictionary lookup afterwards), shingles are hashed with numpy,
datasketch's "affine32" MinHash (vectorised permutations) makes the signature, in one worker
process per core for large scans; signatures go into datasketch's ``MinHashLSH``.

Limits: a short text copied whole into a much longer one has a low Jaccard similarity and may
escape the LSH candidates (containment search would need LSH Ensemble); the report flags, it
never rejects — people decide.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from guongsang.core.text import fold

SHINGLE = 4
NUM_PERM = 128
# 32 bands of 4 rows: a pair with Jaccard 0.55 becomes a candidate with probability 0.95,
# 0.6 with 0.99 (a copy sharing 80% of its text with the original has about 0.65).
LSH_BANDS = (32, 4)
DEFAULT_THRESHOLD = 0.5
SEED = 20_260_101
SCHEME = "affine32"
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """The folded syllables of a text (what the shingles are made of)."""
    return _WORD.findall(fold(text))


class Vocabulary(dict):
    """Word as written → 32-bit hash of its folded form.

    Text is split on white space (C speed); each distinct spelling is folded with ``fold`` and
    hashed once ("Đức", "đức,", "duc" all give the hash of "duc"); afterwards a word costs one
    dictionary lookup, done by ``map`` in C. crc32 makes the hashes the same in every process and
    every run. A "word" of punctuation only maps to 0 and is dropped; one with several syllables
    joined by punctuation ("Hà-Nội") counts as one token.
    """

    def __missing__(self, word: str) -> int:
        folded = " ".join(_WORD.findall(fold(word)))
        value = self[word] = zlib.crc32(folded.encode()) + 1 if folded else 0
        return value

    def ids(self, text: str) -> np.ndarray:
        values = np.fromiter(map(self.__getitem__, (text or "").split()), dtype=np.uint64)
        return values[values != 0]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads shingle codes over 64 bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def shingle_hashes(ids: np.ndarray) -> np.ndarray:
    """The distinct 32-bit hashes of the text's ``SHINGLE``-syllable windows."""
    if len(ids) < SHINGLE:
        return np.unique(_mix(ids.copy()) >> np.uint64(32)) if len(ids) else ids
    n = len(ids) - SHINGLE + 1
    acc = ids[:n].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, SHINGLE):
            acc *= np.uint64(0x100000001B3)
            acc += ids[offset : offset + n]
    return np.unique(_mix(acc) >> np.uint64(32))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # datasketch draws the permutations from the seed; drawn once, shared by every signature.
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return a.reshape(1, -1), b.reshape(1, -1)


_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def hashvalues(hashes: np.ndarray) -> np.ndarray:
    """The MinHash values of a shingle set given by its 32-bit hashes: exactly what datasketch's
    ``MinHash(scheme="affine32").update_batch`` computes (MurmurHash3 finaliser, then
    ``a·h + b`` mod 2^32 per permutation, then the minimum), without its per-item Python call."""
    if len(hashes) == 0:
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hashes.astype(np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    return (hv * a + b).min(axis=0)


def signature(text: str, vocabulary: Vocabulary | None = None) -> tuple[LeanMinHash, int]:
    """A text's MinHash and the number of distinct shingles it has."""
    hashes = shingle_hashes((vocabulary or Vocabulary()).ids(text))
    return LeanMinHash(seed=SEED, hashvalues=hashvalues(hashes), scheme=SCHEME), len(hashes)


@dataclass(frozen=True)
class Match:
    """A candidate pair that reached the threshold."""

    a: int
    b: int
    jaccard: float
    containment: float


def estimate(sig_a: LeanMinHash, sig_b: LeanMinHash, size_a: int, size_b: int) -> tuple[float, float]:
    """(Jaccard, share of the shorter text found in the other) estimated from the signatures."""
    jaccard = float(sig_a.jaccard(sig_b))
    smaller = max(1, min(size_a, size_b))
    shared = jaccard / (1 + jaccard) * (size_a + size_b)
    return jaccard, min(1.0, shared / smaller)


_worker_vocabulary: Vocabulary | None = None


def _sketch_chunk(chunk: list[tuple[int, str]]) -> tuple[list[int], np.ndarray, list[int]]:
    """In a worker: the keys, MinHash values (one row each) and shingle counts of a chunk."""
    global _worker_vocabulary
    if _worker_vocabulary is None:
        _worker_vocabulary = Vocabulary()
    keys, rows, sizes = [], [], []
    for key, text in chunk:
        hashes = shingle_hashes(_worker_vocabulary.ids(text))
        keys.append(key)
        rows.append(hashvalues(hashes))
        sizes.append(len(hashes))
    return keys, np.vstack(rows) if rows else np.empty((0, NUM_PERM), dtype=np.uint32), sizes


def _chunks(texts: Iterable[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for item in texts:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sketches(texts: Iterable[tuple[int, str]], workers: int) -> Iterator[tuple[int, LeanMinHash, int]]:
    """(key, MinHash, shingle count) for every text, in input order; the hashing runs in
    ``workers`` forked processes when more than one is asked for."""
    if workers <= 1:
        vocabulary = Vocabulary()
        for key, text in texts:
            sig, size = signature(text, vocabulary)
            yield key, sig, size
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for keys, rows, sizes in pool.imap(_sketch_chunk, _chunks(texts, 500), chunksize=1):
            for key, row, size in zip(keys, rows, sizes, strict=True):
                yield key, LeanMinHash(seed=SEED, hashvalues=row, scheme=SCHEME), size


def default_workers(expected: int) -> int:
    """Worker processes for a scan of ``expected`` texts: one per core for large scans (a fork
    costs more than it saves below a few thousand texts)."""
    return max(1, os.cpu_count() or 1) if expected >= 5000 else 1


def find_similar(
    texts: Iterable[tuple[int, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
    workers: int = 1,
) -> Iterator[Match]:
    """Pairs of texts sharing at least ``threshold`` of the shorter one, each pair once.

    ``texts`` yields (key, text) with int keys. One pass: each text is looked up among those
    before it, then indexed.
    """
    lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS)
    signatures: dict[int, LeanMinHash] = {}
    sizes: dict[int, int] = {}
    for count, (key, sig, size) in enumerate(_sketches(texts, workers), start=1):
        for other in lsh.query(sig):
            jaccard, containment = estimate(sig, signatures[other], size, sizes[other])
            if containment >= threshold:
                yield Match(a=other, b=key, jaccard=round(jaccard, 4), containment=round(containment, 4))
        if size:
            lsh.insert(key, sig, check_duplication=False)
        signatures[key] = sig
        sizes[key] = size
        if progress is not None and count % every == 0:
            progress(count)


# --- The passages two texts share ---------------------------------------------------------------


def _spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]


def _clip(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def overlapping_passages(text_a: str, text_b: str, *, limit: int = 5, min_syllables: int = 8) -> list[dict]:
    """The longest runs of syllables the two texts share (folded), as they read in each text:
    ``[{"a": passage in A, "b": passage in B, "syllables": n}]``, longest first."""
    text_a = unicodedata.normalize("NFC", text_a or "")
    text_b = unicodedata.normalize("NFC", text_b or "")
    spans_a, spans_b = _spans(text_a), _spans(text_b)
    words_a = [w for _s, _e, w in spans_a]
    words_b = [w for _s, _e, w in spans_b]
    first: dict[tuple[str, ...], int] = {}
    for i in range(len(words_a) - SHINGLE + 1):
        first.setdefault(tuple(words_a[i : i + SHINGLE]), i)
    runs = []
    j = 0
    while j <= len(words_b) - SHINGLE:
        start_a = first.get(tuple(words_b[j : j + SHINGLE]))
        if start_a is None:
            j += 1
            continue
        length = SHINGLE
        while (
            start_a + length < len(words_a)
            and j + length < len(words_b)
            and words_a[start_a + length] == words_b[j + length]
        ):
            length += 1
        if length >= min_syllables:
            runs.append((length, start_a, j))
        j += length
    runs.sort(key=lambda r: (-r[0], r[2]))
    passages = []
    for length, start_a, start_b in runs[:limit]:
        a = text_a[spans_a[start_a][0] : spans_a[start_a + length - 1][1]]
        b = text_b[spans_b[start_b][0] : spans_b[start_b + length - 1][1]]
        passages.append({"a": _clip(a), "b": _clip(b), "syllables": length})
    return passages
