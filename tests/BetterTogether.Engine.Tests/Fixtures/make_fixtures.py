#!/usr/bin/env python3
"""Generates the engine's parity fixtures with plain PyTorch (no transformers/peft needed).

Implements Hugging Face's Llama / Qwen2 forward faithfully (RMSNorm, rotate_half RoPE, repeat_kv GQA,
SwiGLU) and PEFT-style LoRA (y = base(x) + dropout(x) A^T B^T * alpha/r), then writes for two tiny
random models:
  <name>/config.json, <name>/model.safetensors          the HF model folder
  <name>/adapter/adapter_config.json, adapter_model.safetensors   a PEFT adapter (random A and B)
  <name>_expected.safetensors                           input ids, mask, logits, LoRA logits,
                                                        LoRA loss/grads, params after one clipped AdamW
                                                        step, and (qwen2) full-parameter grads
Run from this folder: /usr/bin/python3 make_fixtures.py   (CPU PyTorch 1.13 from Debian's python3-torch)
"""
import json
import math
import os
import struct

import torch

torch.manual_seed(1234)
HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def write_safetensors(path, tensors, dtype="F32"):
    header = {"__metadata__": {"format": "pt"}}
    blobs, offset = [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if dtype == "BF16" and t.is_floating_point():
            raw = t.to(torch.bfloat16).view(torch.int16).numpy().tobytes()
            dt = "BF16"
        else:
            raw = t.to(torch.float32).numpy().tobytes()
            dt = "F32"
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def rms_norm(x, w, eps):
    var = x.pow(2).mean(-1, keepdim=True)
    return w * (x * torch.rsqrt(var + eps))


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rope_cos_sin(positions, head_dim, theta):
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    freqs = positions.float()[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def repeat_kv(x, n_rep):
    b, kvh, t, hd = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None, :, :].expand(b, kvh, n_rep, t, hd).reshape(b, kvh * n_rep, t, hd)


class Model:
    def __init__(self, cfg, tied, bias):
        self.cfg, self.tied, self.bias = cfg, tied, bias
        d, i, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
        h, kvh = cfg["num_attention_heads"], cfg["num_key_value_heads"]
        hd = self.hd = cfg.get("head_dim", d // h)
        self.dims = {"q_proj": (h * hd, d), "k_proj": (kvh * hd, d), "v_proj": (kvh * hd, d), "o_proj": (d, h * hd),
                     "gate_proj": (i, d), "up_proj": (i, d), "down_proj": (d, i)}
        p = {"model.embed_tokens.weight": torch.randn(v, d) * 0.5}
        for l in range(cfg["num_hidden_layers"]):
            pre = f"model.layers.{l}."
            p[pre + "input_layernorm.weight"] = 1 + 0.1 * torch.randn(d)
            for m in MODULES:
                path = pre + ("self_attn." if m in MODULES[:4] else "mlp.") + m
                out_f, in_f = self.dims[m]
                p[path + ".weight"] = torch.randn(out_f, in_f) / math.sqrt(in_f)
                if bias and m in ("q_proj", "k_proj", "v_proj"):
                    p[path + ".bias"] = 0.1 * torch.randn(out_f)
                if m == "o_proj":
                    p[pre + "post_attention_layernorm.weight"] = 1 + 0.1 * torch.randn(d)
        p["model.norm.weight"] = 1 + 0.1 * torch.randn(d)
        if not tied:
            p["lm_head.weight"] = torch.randn(v, d) / math.sqrt(d)
        self.p = p

    def path(self, l, m):
        return f"model.layers.{l}." + ("self_attn." if m in MODULES[:4] else "mlp.") + m

    def linear(self, x, l, m, lora):
        name = self.path(l, m)
        y = torch.nn.functional.linear(x, self.p[name + ".weight"], self.p.get(name + ".bias"))
        if lora is not None and (l, m) in lora["A"]:
            y = y + (x @ lora["A"][(l, m)].T @ lora["B"][(l, m)].T) * lora["scaling"]
        return y

    def forward(self, ids, lora=None):
        cfg = self.cfg
        t = ids.shape[0]
        h, kvh, hd = cfg["num_attention_heads"], cfg["num_key_value_heads"], self.hd
        eps = cfg["rms_norm_eps"]
        x = self.p["model.embed_tokens.weight"][ids][None]  # [1, T, D]
        cos, sin = rope_cos_sin(torch.arange(t), hd, self.theta())
        mask = torch.full((t, t), float("-inf")).triu(1)
        for l in range(cfg["num_hidden_layers"]):
            pre = f"model.layers.{l}."
            xn = rms_norm(x, self.p[pre + "input_layernorm.weight"], eps)
            q = self.linear(xn, l, "q_proj", lora).view(1, t, h, hd).transpose(1, 2)
            k = self.linear(xn, l, "k_proj", lora).view(1, t, kvh, hd).transpose(1, 2)
            v = self.linear(xn, l, "v_proj", lora).view(1, t, kvh, hd).transpose(1, 2)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
            k, v = repeat_kv(k, h // kvh), repeat_kv(v, h // kvh)
            att = (q @ k.transpose(2, 3)) / math.sqrt(hd) + mask
            att = torch.softmax(att, dim=-1, dtype=torch.float32)
            o = (att @ v).transpose(1, 2).reshape(1, t, h * hd)
            x = x + self.linear(o, l, "o_proj", lora)
            xn = rms_norm(x, self.p[pre + "post_attention_layernorm.weight"], eps)
            g = self.linear(xn, l, "gate_proj", lora)
            u = self.linear(xn, l, "up_proj", lora)
            x = x + self.linear(torch.nn.functional.silu(g) * u, l, "down_proj", lora)
        x = rms_norm(x, self.p["model.norm.weight"], eps)
        head = self.p["model.embed_tokens.weight"] if self.tied else self.p["lm_head.weight"]
        return (x @ head.T)[0]

    def theta(self):
        c = self.cfg
        return c["rope_theta"] if "rope_theta" in c else c["rope_parameters"]["rope_theta"]


def masked_loss(logits, ids, mask):
    # logits[i] predicts ids[i+1]; target positions are i+1 where mask is true
    tgt = mask[1:]
    lp = torch.log_softmax(logits[:-1], dim=-1)
    nll = -lp[torch.arange(ids.shape[0] - 1), ids[1:]]
    return nll[tgt].mean()


def build(name, cfg, tied, bias, targets, bf16_weights, full_grads):
    model = Model(cfg, tied, bias)
    if bf16_weights:  # store exactly representable weights so BF16 storage loses nothing
        model.p = {k: v.to(torch.bfloat16).float() for k, v in model.p.items()}
    folder = os.path.join(HERE, name)
    os.makedirs(os.path.join(folder, "adapter"), exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(folder, "model.safetensors"), model.p, "BF16" if bf16_weights else "F32")

    t = 12
    ids = torch.randint(0, cfg["vocab_size"], (t,))
    mask = torch.zeros(t, dtype=torch.bool)
    mask[6:] = True
    exp = {"input_ids": ids.float(), "target_mask": mask.float()}
    with torch.no_grad():
        exp["logits"] = model.forward(ids)

    r, alpha = 4, 8
    lora = {"A": {}, "B": {}, "scaling": alpha / r}
    peft = {}
    for l in range(cfg["num_hidden_layers"]):
        for m in targets:
            out_f, in_f = model.dims[m]
            a = (torch.rand(r, in_f) * 2 - 1) / math.sqrt(in_f)
            b = torch.randn(out_f, r) * 0.05
            lora["A"][(l, m)] = a.requires_grad_()
            lora["B"][(l, m)] = b.requires_grad_()
            base = "base_model.model." + model.path(l, m)
            peft[base + ".lora_A.weight"] = lora["A"][(l, m)]
            peft[base + ".lora_B.weight"] = lora["B"][(l, m)]
    write_safetensors(os.path.join(folder, "adapter", "adapter_model.safetensors"), peft)
    with open(os.path.join(folder, "adapter", "adapter_config.json"), "w") as f:
        json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": r, "lora_alpha": alpha, "lora_dropout": 0.0,
                   "target_modules": targets, "base_model_name_or_path": name, "bias": "none",
                   "use_rslora": False, "fan_in_fan_out": False, "inference_mode": True}, f, indent=2)

    logits = model.forward(ids, lora)
    exp["lora_logits"] = logits.detach()
    loss = masked_loss(logits, ids, mask)
    loss.backward()
    exp["lora_loss"] = loss.detach().reshape(1)
    for k, p in peft.items():
        exp["grad." + k] = p.grad.detach().clone()
    params = list(peft.values())
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm=0.05)
    exp["grad_norm"] = norm.detach().reshape(1)
    opt = torch.optim.AdamW(params, lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    opt.step()
    for k, p in peft.items():
        exp["step1." + k] = p.detach().clone()

    if full_grads:
        for p in model.p.values():
            p.requires_grad_()
        loss = masked_loss(model.forward(ids), ids, mask)
        loss.backward()
        exp["full_loss"] = loss.detach().reshape(1)
        for k, p in model.p.items():
            exp["fullgrad." + k] = p.grad.detach().clone()
    write_safetensors(os.path.join(HERE, name + "_expected.safetensors"), exp)


LLAMA = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64, "intermediate_size": 96,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
         "rms_norm_eps": 1e-5, "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0},
         "max_position_embeddings": 64, "vocab_size": 97, "tie_word_embeddings": False, "attention_bias": False,
         "hidden_act": "silu", "bos_token_id": 1, "eos_token_id": 2}
QWEN2 = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 64, "intermediate_size": 96,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
         "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "max_position_embeddings": 64, "vocab_size": 97,
         "tie_word_embeddings": True, "hidden_act": "silu", "bos_token_id": 1, "eos_token_id": [2, 3]}

if __name__ == "__main__":
    build("tiny_llama", LLAMA, tied=False, bias=False, targets=MODULES, bf16_weights=False, full_grads=False)
    build("tiny_qwen2", QWEN2, tied=True, bias=True, targets=["q_proj", "v_proj"], bf16_weights=True, full_grads=True)
