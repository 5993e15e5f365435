#!/usr/bin/env python3
"""Replays a `bt pretrain --export-stream` recipe with PyTorch on a GPU, to explore recipes faster than the
2-core machine allows. The C# trainer (`bt pretrain`) stays the one that makes the committed model; this script
only answers "what would this recipe, shape or budget give" in minutes. Same stream, same initial weights
(unless the shape is overridden), same optimizer settings, read from stream.json: AdamW with decay on matrices,
gradient clipping, a copy warm-up phase at constant rate, then the corpus at linear warm-up + cosine to 0, loss =
mean over a batch's target tokens. Writes an HF folder (bf16 safetensors) that the engine loads.

usage: train_stream.py STREAM_DIR OUT_DIR [--epochs N] [--fraction F] [--hidden H --layers L --mlp M] [--lr LR] [--batch B] [--bf16]
"""
import argparse, json, math, os, shutil, sys, time

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import LlamaConfig, LlamaForCausalLM


BF16 = False


def load_phase(folder, name):
    tokens = np.fromfile(os.path.join(folder, name + ".tokens.i32"), dtype="<i4")
    targets = np.fromfile(os.path.join(folder, name + ".targets.u8"), dtype=np.uint8)
    offsets = np.fromfile(os.path.join(folder, name + ".offsets.i64"), dtype="<i8")
    return [(tokens[a:b], targets[a:b]) for a, b in zip(offsets[:-1], offsets[1:])]


def batches(seqs, size):
    for i in range(0, len(seqs), size):
        yield seqs[i:i + size]


def collate(batch, device):
    n = max(len(t) for t, _ in batch)
    ids = torch.zeros((len(batch), n), dtype=torch.long)
    labels = torch.full((len(batch), n), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), n), dtype=torch.long)
    for r, (t, m) in enumerate(batch):
        tt = torch.from_numpy(t.astype(np.int64))
        ids[r, :len(t)] = tt
        mask[r, :len(t)] = 1
        lab = tt.clone()
        lab[torch.from_numpy(m == 0)] = -100
        labels[r, :len(t)] = lab
    return ids.to(device), labels.to(device), mask.to(device)


def optimizer(model, phase, lr):
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": phase["weight_decay"]}, {"params": rest, "weight_decay": 0.0}],
                             lr=lr, betas=(phase["beta1"], phase["beta2"]), eps=phase["epsilon"], fused=True)


def train_phase(model, seqs, phase, batch, lr, epochs, device, label, log_every=500, target_loss=0.0, target_window=100):
    """One phase of stream.json: a fresh AdamW, linear warm-up over warmup_ratio of the steps, then cosine to 0 or constant.
    With target_loss > 0 the phase ends once the mean loss of a target_window-step window is below it (as the C# warm-up does)."""
    steps_per_epoch = math.ceil(len(seqs) / batch)
    total = steps_per_epoch * epochs
    warm = math.ceil(phase["warmup_ratio"] * total)
    cosine = phase["cosine"]
    opt = optimizer(model, phase, lr)
    step, t0, window = 0, time.time(), []
    for epoch in range(epochs):
        for b in batches(seqs, batch):
            rate = lr * (step + 1) / warm if step < warm else (
                lr * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm))) if cosine else lr)
            for g in opt.param_groups:
                g["lr"] = rate
            ids, labels, mask = collate(b, device)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=BF16):
                out = model(input_ids=ids, attention_mask=mask, labels=labels)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), phase["max_grad_norm"])
            opt.step()
            opt.zero_grad(set_to_none=True)
            window.append(out.loss.item() if step % 50 == 0 or target_loss > 0 else None)
            step += 1
            if target_loss > 0 and step % target_window == 0 and step < total and np.mean(window[-target_window:]) < target_loss:
                print(f"{label}: loss below {target_loss} at step {step}", flush=True)
                return step
            if step % log_every == 0 or step == total:
                vals = [v for v in window if v is not None]
                print(f"{label} step {step}/{total} loss {np.mean(vals):.3f} lr {rate:.1e} {time.time() - t0:.0f}s", flush=True)
                window = []
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stream")
    ap.add_argument("out")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--hidden", type=int)
    ap.add_argument("--layers", type=int)
    ap.add_argument("--mlp", type=int)
    ap.add_argument("--heads", type=int)
    ap.add_argument("--lr", type=float)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fraction", type=float, default=1.0, help="train on this leading share of the corpus stream (a shorter run)")
    ap.add_argument("--bf16", action="store_true", help="autocast matrix products to bf16 (faster, less faithful to the C# trainer)")
    a = ap.parse_args()
    global BF16
    BF16 = a.bf16
    torch.backends.cuda.matmul.allow_tf32 = False
    recipe = json.load(open(os.path.join(a.stream, "stream.json")))
    cfg = json.load(open(os.path.join(a.stream, "config.json")))
    reshaped = any(v is not None for v in (a.hidden, a.layers, a.mlp, a.heads))
    if reshaped:
        cfg["hidden_size"] = a.hidden or cfg["hidden_size"]
        cfg["num_hidden_layers"] = a.layers or cfg["num_hidden_layers"]
        cfg["intermediate_size"] = a.mlp or cfg["intermediate_size"]
        cfg["num_attention_heads"] = a.heads or cfg["num_attention_heads"]
        cfg["num_key_value_heads"] = max(1, cfg["num_attention_heads"] // 2)
        cfg["head_dim"] = cfg["hidden_size"] // cfg["num_attention_heads"]
    torch.manual_seed(a.seed)
    device = "cuda"
    hf = LlamaConfig(**{k: v for k, v in cfg.items() if k not in ("architectures", "torch_dtype")}, initializer_range=0.02)
    hf._attn_implementation = "sdpa"
    model = LlamaForCausalLM(hf)
    if not reshaped:
        from safetensors.torch import load_file
        state = load_file(os.path.join(a.stream, "model.safetensors"))
        missing, unexpected = model.load_state_dict(state, strict=False)
        assert not unexpected and all(m == "lm_head.weight" for m in missing), (missing, unexpected)
    model.tie_weights()
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr(), "embeddings are not tied"
    model.to(device).train()
    params = sum(p.numel() for p in model.parameters())
    print(f"model: {params:,} parameters, hidden {cfg['hidden_size']}, layers {cfg['num_hidden_layers']}, mlp {cfg['intermediate_size']}", flush=True)
    wp, cp = recipe["warmup_phase"], recipe["corpus_phase"]
    t0 = time.time()
    if wp["steps"] > 0:
        train_phase(model, load_phase(a.stream, "warmup"), wp, wp["batch"], a.lr or wp["learning_rate"], 1, device, "warm-up",
                    log_every=100, target_loss=recipe.get("warmup_target_loss", 0.0),
                    target_window=recipe.get("warmup_target_window", 100))
    corpus = load_phase(a.stream, "corpus")
    corpus = corpus[:int(len(corpus) * a.fraction)]
    steps = train_phase(model, corpus, cp, a.batch or cp["batch"], a.lr or cp["learning_rate"], a.epochs, device, "corpus")
    os.makedirs(a.out, exist_ok=True)
    state = {k: v.detach().to(torch.bfloat16).contiguous().cpu() for k, v in model.state_dict().items() if k != "lm_head.weight"}
    save_file(state, os.path.join(a.out, "model.safetensors"), metadata={"format": "pt"})
    cfg["torch_dtype"] = "bfloat16"
    json.dump(cfg, open(os.path.join(a.out, "config.json"), "w"), indent=2)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.stream, f), a.out)
    json.dump({"eos_token_id": cfg["eos_token_id"], "max_new_tokens": 256}, open(os.path.join(a.out, "generation_config.json"), "w"))
    with open(os.path.join(a.out, "README.md"), "w") as f:
        f.write(f"# GPU pilot (scripts/pilot/train_stream.py), not the committed model\n\n{' '.join(sys.argv[1:])}\n\n"
                f"{params:,} parameters; {steps} corpus steps; {time.time() - t0:.0f} s on {torch.cuda.get_device_name()}\n")
    print(f"wrote {a.out} in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
