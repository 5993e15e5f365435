#!/usr/bin/env python3
"""PyTorch CPU reference for `bt bench`: LoRA training steps of a random Llama, timed.

Plain torch (no transformers/peft): HF Llama forward (RMSNorm, rotate_half RoPE, causal attention,
SwiGLU), PEFT-style LoRA on every linear projection (y = W x + B A x * alpha/r, A kaiming-uniform, B zero
then filled so gradients flow through both), frozen base weights, token-mean cross-entropy over all
positions, clip-grad-norm 1.0 and an AdamW step over the LoRA parameters: the work of one engine
LoraTrainer step on the same shapes. Prints one JSON line:
  {"torch": version, "threads": n, "tokens_per_step": t, "step_seconds": [...], "step_cpu_seconds": [...]}
Run: python3 torch_lora_step.py --hidden 256 --layers 4 --heads 8 --intermediate 688 --vocab 2048 --seq 256
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--kv-heads", type=int, default=None)
    p.add_argument("--intermediate", type=int, default=688)
    p.add_argument("--vocab", type=int, default=2048)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--alpha", type=float, default=16.0)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--threads", type=int, default=0)
    return p.parse_args()


class LoraLinear(torch.nn.Module):
    def __init__(self, n_in, n_out, rank, alpha):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(n_out, n_in) * 0.02, requires_grad=False)
        self.lora_a = torch.nn.Parameter(torch.empty(rank, n_in))
        torch.nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        # PEFT starts B at zero; a small non-zero B keeps the timed work identical and gradients non-trivial.
        self.lora_b = torch.nn.Parameter(torch.randn(n_out, rank) * 0.01)
        self.scale = alpha / rank

    def forward(self, x):
        return F.linear(x, self.weight) + F.linear(F.linear(x, self.lora_a), self.lora_b) * self.scale


def rms_norm(x, w, eps=1e-6):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Layer(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        d, hd = a.hidden, a.hidden // a.heads
        kv = a.kv_heads or a.heads
        self.heads, self.kv_heads, self.head_dim = a.heads, kv, hd
        self.q_proj = LoraLinear(d, a.heads * hd, a.rank, a.alpha)
        self.k_proj = LoraLinear(d, kv * hd, a.rank, a.alpha)
        self.v_proj = LoraLinear(d, kv * hd, a.rank, a.alpha)
        self.o_proj = LoraLinear(a.heads * hd, d, a.rank, a.alpha)
        self.gate_proj = LoraLinear(d, a.intermediate, a.rank, a.alpha)
        self.up_proj = LoraLinear(d, a.intermediate, a.rank, a.alpha)
        self.down_proj = LoraLinear(a.intermediate, d, a.rank, a.alpha)
        self.norm1 = torch.nn.Parameter(torch.ones(d), requires_grad=False)
        self.norm2 = torch.nn.Parameter(torch.ones(d), requires_grad=False)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        h = rms_norm(x, self.norm1)
        q = self.q_proj(h).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if self.kv_heads != self.heads:
            k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
            v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, -1)
        x = x + self.o_proj(y)
        h = rms_norm(x, self.norm2)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


def main():
    a = parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    embed = torch.randn(a.vocab, a.hidden) * 0.02
    lm_head = torch.randn(a.vocab, a.hidden) * 0.02
    final_norm = torch.ones(a.hidden)
    layers = torch.nn.ModuleList([Layer(a) for _ in range(a.layers)])
    params = [p for p in layers.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)

    hd = a.hidden // a.heads
    inv = 1.0 / (10000.0 ** (torch.arange(0, hd, 2).float() / hd))
    freqs = torch.outer(torch.arange(a.seq).float(), inv)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    mask = torch.full((a.seq, a.seq), float("-inf")).triu(1)

    def step(ids):
        x = embed[ids]
        for layer in layers:
            x = layer(x, cos, sin, mask)
        logits = F.linear(rms_norm(x, final_norm), lm_head)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, a.vocab), ids[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return loss.item()

    gen = torch.Generator().manual_seed(1)
    walls, cpus = [], []
    for i in range(a.warmup + a.steps):
        ids = torch.randint(0, a.vocab, (a.batch, a.seq), generator=gen)
        w0, c0 = time.perf_counter(), time.process_time()
        step(ids)
        if i >= a.warmup:
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)

    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "tokens_per_step": a.batch * a.seq,
        "step_seconds": walls,
        "step_cpu_seconds": cpus,
    }))


if __name__ == "__main__":
    main()
