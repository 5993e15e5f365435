#!/usr/bin/env python3
"""Reference fixtures for the C# byte-level BPE tokenizer (BetterTogether.Engine.Tokenization).

Hugging Face `tokenizers` is not installable here (no PyPI; `apt-cache policy python3-tokenizers
python3-transformers` finds neither), so this script is an independent, deliberately simple
reference implementation of the same algorithms, written from the Hugging Face / GPT-2 definitions:

* training: byte-level BPE on `corpus.txt`, pre-tokenized with the Qwen2 regex; every step recounts
  all adjacent pairs and merges the most frequent one (ties: smallest (left id, right id));
  vocab = 256 byte symbols in byte order, then one token per merge.
* encoding: added tokens split out first (leftmost, longest), normalizer (NFC), pre-tokenizers
  (ByteLevel with the GPT-2 regex and add_prefix_space, Split with the exact Llama-3 / Qwen2
  patterns run by the third-party `regex` module, which matches code points like Oniguruma does,
  Digits), bytes_to_unicode mapping, then the original GPT-2 `bpe()` loop (merge every occurrence of
  the lowest-ranked pair, repeat), with Llama-3's `ignore_merges`.

It writes four tokenizer.json variants sharing the trained vocab, `expected.json` (text -> ids for
each variant) and `trained_merges.json` (the merges the C# trainer must reproduce).
Run: python3 make_fixtures.py  (needs python3 and python3-regex only).
"""
import json
import os
import unicodedata

import regex

HERE = os.path.dirname(os.path.abspath(__file__))
NUM_MERGES = 220

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
LLAMA3_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
QWEN2_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
# A tiktoken-style pattern with possessive quantifiers (cl100k_base), which .NET must rewrite.
POSSESSIVE_PATTERN = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


B2U = bytes_to_unicode()


def to_byte_level(text):
    return "".join(B2U[b] for b in text.encode("utf-8"))


def train(corpus_text):
    words = {}
    for piece in regex.findall(QWEN2_PATTERN, corpus_text):
        key = tuple(B2U[b] for b in piece.encode("utf-8"))
        words[key] = words.get(key, 0) + 1
    vocab = {B2U[b]: b for b in range(256)}
    merges = []
    words = {tuple(w): c for w, c in words.items()}
    for _ in range(NUM_MERGES):
        counts = {}
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                counts[(a, b)] = counts.get((a, b), 0) + c
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], vocab[p[0]], vocab[p[1]]))
        merges.append(best)
        vocab[best[0] + best[1]] = len(vocab)
        new_words = {}
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new_words[tuple(out)] = new_words.get(tuple(out), 0) + c
        words = new_words
    return vocab, merges


def bpe(token, ranks):
    """The original GPT-2 encoder.py bpe() loop."""
    word = list(token)
    while len(word) > 1:
        pairs = set(zip(word, word[1:]))
        best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
        if best not in ranks:
            break
        out, i = [], 0
        while i < len(word):
            if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                out.append(word[i] + word[i + 1])
                i += 2
            else:
                out.append(word[i])
                i += 1
        word = out
    return word


def split_added(text, added):
    """Leftmost-longest split around added tokens."""
    out, plain, i = [], 0, 0
    contents = sorted(added, key=len, reverse=True)
    while i < len(text):
        hit = next((c for c in contents if text.startswith(c, i)), None)
        if hit is None:
            i += 1
            continue
        if i > plain:
            out.append((text[plain:i], False))
        out.append((hit, True))
        i += len(hit)
        plain = i
    if plain < len(text):
        out.append((text[plain:], False))
    return out


def regex_isolated(pieces, pattern):
    out = []
    for p in pieces:
        pos = 0
        for m in regex.finditer(pattern, p):
            if m.start() > pos:
                out.append(p[pos:m.start()])
            if m.end() > m.start():
                out.append(m.group())
            pos = m.end()
        if pos < len(p):
            out.append(p[pos:])
    return out


def digits_individual(pieces):
    out = []
    for p in pieces:
        run = ""
        for ch in p:
            if ch.isnumeric():
                if run:
                    out.append(run)
                    run = ""
                out.append(ch)
            else:
                run += ch
        if run:
            out.append(run)
    return out


VARIANTS = {
    # name: (pre-tokenize function, normalizer, ignore_merges, added tokens, post-processor BOS)
    "gpt2": (lambda s: regex_isolated([s], GPT2_PATTERN), None, False, ["<|endoftext|>"], None),
    "llama3": (lambda s: regex_isolated([s], LLAMA3_PATTERN), None, True,
               ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"], "<|begin_of_text|>"),
    "qwen2": (lambda s: regex_isolated([s], QWEN2_PATTERN), "NFC", False, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], None),
    "digits": (lambda s: regex_isolated([p if p.startswith(" ") else " " + p for p in digits_individual([s])], GPT2_PATTERN),
               None, False, ["<|endoftext|>"], None),
    "possessive": (lambda s: regex_isolated([s], POSSESSIVE_PATTERN), None, False, ["<|endoftext|>"], None),
}


def byte_level(add_prefix_space=False, use_regex=False):
    return {"type": "ByteLevel", "add_prefix_space": add_prefix_space, "trim_offsets": False, "use_regex": use_regex}


def split(pattern):
    return {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False}


def tokenizer_json(name, vocab, merges):
    _, normalizer, ignore_merges, added, bos = VARIANTS[name]
    pre = {
        "gpt2": byte_level(use_regex=True),
        "llama3": {"type": "Sequence", "pretokenizers": [split(LLAMA3_PATTERN), byte_level()]},
        "qwen2": {"type": "Sequence", "pretokenizers": [split(QWEN2_PATTERN), byte_level()]},
        "digits": {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": True}, byte_level(True, True)]},
        "possessive": {"type": "Sequence", "pretokenizers": [split(POSSESSIVE_PATTERN), byte_level()]},
    }[name]
    added_tokens = [{"id": len(vocab) + i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
                     "normalized": False, "special": True} for i, c in enumerate(added)]
    post = byte_level()
    if bos:
        bos_id = len(vocab) + added.index(bos)
        post = {"type": "Sequence", "processors": [byte_level(), {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": bos, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {bos: {"id": bos, "ids": [bos_id], "tokens": [bos]}}}]}
    # Qwen2 and GPT-2 fixtures use the "a b" merge form, the others the [a, b] pair form.
    merge_list = [f"{a} {b}" for a, b in merges] if name in ("gpt2", "qwen2") else [[a, b] for a, b in merges]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added_tokens,
        "normalizer": {"type": normalizer} if normalizer else None,
        "pre_tokenizer": pre, "post_processor": post, "decoder": byte_level(),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": ignore_merges, "vocab": vocab, "merges": merge_list},
    }


def encode(name, text, vocab, ranks, add_special=False):
    """Returns (ids, decoded text: the concatenated added tokens and pre-tokenized pieces)."""
    pre, normalizer, ignore_merges, added, bos = VARIANTS[name]
    added_ids = {c: len(vocab) + i for i, c in enumerate(added)}
    ids = [added_ids[bos]] if add_special and bos else []
    decoded = bos if add_special and bos else ""
    for segment, is_added in split_added(text, added):
        if is_added:
            ids.append(added_ids[segment])
            decoded += segment
            continue
        if normalizer:
            segment = unicodedata.normalize(normalizer, segment)
        for piece in pre(segment):
            decoded += piece
            mapped = to_byte_level(piece)
            if ignore_merges and mapped in vocab:
                ids.append(vocab[mapped])
                continue
            ids.extend(vocab[t] for t in bpe(mapped, ranks))
    return ids, decoded


TEXTS = [
    "Hello world",
    "I'm",
    "I'M SURE they'LL see",
    "  spaces",
    "x  y   z\t\tw",
    "123456",
    "3.14159 and 1,000,000",
    "naïve 東京 🎉",
    "a🎉b🚀c",
    "\U00020000x \U0001D400bc",
    "cafe\u0301 caf\u00e9",
    "line1\n\n  line2\r\n",
    "def f(x): return x * 2  # doubles",
    "the the the dog didn't",
    "<|im_start|>user\nhi<|im_end|>",
    "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
    "text<|endoftext|>more",
    "",
]


def main():
    with open(os.path.join(HERE, "corpus.txt"), encoding="utf-8") as f:
        corpus = f.read()
    vocab, merges = train(corpus)
    ranks = {m: i for i, m in enumerate(merges)}
    expected = {}
    for name in VARIANTS:
        with open(os.path.join(HERE, f"{name}.tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(tokenizer_json(name, vocab, merges), f, ensure_ascii=False)
        cases = [(t, False) for t in TEXTS] + [("Hello world", True)]
        expected[name] = []
        for text, add_special in cases:
            ids, decoded = encode(name, text, vocab, ranks, add_special)
            expected[name].append({"text": text, "add_special_tokens": add_special, "ids": ids, "decoded": decoded})
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        f.write("{\n")
        for k, name in enumerate(expected):
            f.write(json.dumps(name) + ": [\n")
            f.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in expected[name]))
            f.write("\n]" + (",\n" if k < len(expected) - 1 else "\n"))
        f.write("}\n")
    nfc_cases = ["cafe\u0301", "a\u0328\u0301", "e\u0323\u0302", "\u1100\u1161\u11a8", "\uac00\u11a8",
                 "A\u030a\u0301", "\u212b", "q\u0307\u0323", "\u0958", "x\u0301\u0300y", "\U0001d15e", "Ελληνικά ά"]
    with open(os.path.join(HERE, "nfc.json"), "w", encoding="utf-8") as f:
        json.dump([{"text": t, "nfc": unicodedata.normalize("NFC", t), "nfd": unicodedata.normalize("NFD", t)}
                   for t in nfc_cases], f, ensure_ascii=True, indent=0)
    with open(os.path.join(HERE, "trained_merges.json"), "w", encoding="utf-8") as f:
        json.dump({"pattern": QWEN2_PATTERN, "vocab_size": len(vocab), "merges": [[a, b] for a, b in merges]}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
