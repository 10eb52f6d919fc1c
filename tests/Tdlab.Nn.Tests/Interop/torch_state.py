#!/usr/bin/env python3
"""PyTorch-style state dicts written and checked with NumPy alone (no torch needed), for tdlab's interop tests.

  python3 torch_state.py write DIR   writes mlp.npz, mlp.safetensors, mlp32.safetensors (an MLP as
                                      torch.nn.Sequential(Linear(3, 5), ReLU(), Linear(5, 2)) names it), gru.npz and
                                      rnn.npz (torch.nn.GRU / torch.nn.RNN names, one layer), inputs and the outputs
                                      PyTorch's equations give
  python3 torch_state.py check DIR   reads back.npz and back.safetensors (written by tdlab from the loaded MLP) and
                                      checks that they hold the arrays of mlp.npz exactly

safetensors is written and read by hand from its documented layout: u64 little-endian header length, JSON header
{name: {dtype, shape, data_offsets}}, then the bytes.
"""
import json
import struct
import sys

import numpy as np


def write_safetensors(path, arrays):
    header, blobs, offset = {}, [], 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        dtype = {np.dtype("<f8"): "F64", np.dtype("<f4"): "F32"}[a.dtype]
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F64": "<f8", "F32": "<f4"}[e["dtype"]]
        b, end = e["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + b:8 + n + end], dtype=dtype).reshape(e["shape"])
    return out


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def write(folder):
    rng = np.random.default_rng(16)
    mlp = {"0.weight": rng.normal(size=(5, 3)), "0.bias": rng.normal(size=5),
           "2.weight": rng.normal(size=(2, 5)), "2.bias": rng.normal(size=2)}
    x = rng.normal(size=(4, 3))
    hidden = np.maximum(x @ mlp["0.weight"].T + mlp["0.bias"], 0)
    np.save(f"{folder}/x.npy", x)
    np.save(f"{folder}/mlp_out.npy", hidden @ mlp["2.weight"].T + mlp["2.bias"])
    np.savez(f"{folder}/mlp.npz", **mlp)
    write_safetensors(f"{folder}/mlp.safetensors", mlp)
    write_safetensors(f"{folder}/mlp32.safetensors", {k: v.astype("<f4") for k, v in mlp.items()})

    n_in, h, steps, batch = 3, 4, 5, 2
    xs = rng.normal(size=(steps, batch, n_in))
    np.save(f"{folder}/xs.npy", xs)
    # torch.nn.GRU, one layer: gate blocks r, z, n
    gru = {"weight_ih_l0": rng.normal(size=(3 * h, n_in)) * 0.5, "weight_hh_l0": rng.normal(size=(3 * h, h)) * 0.5,
           "bias_ih_l0": rng.normal(size=3 * h) * 0.5, "bias_hh_l0": rng.normal(size=3 * h) * 0.5}
    state, out = np.zeros((batch, h)), []
    for t in range(steps):
        gi = xs[t] @ gru["weight_ih_l0"].T + gru["bias_ih_l0"]
        gh = state @ gru["weight_hh_l0"].T + gru["bias_hh_l0"]
        r = sigmoid(gi[:, :h] + gh[:, :h])
        z = sigmoid(gi[:, h:2 * h] + gh[:, h:2 * h])
        n = np.tanh(gi[:, 2 * h:] + r * gh[:, 2 * h:])
        state = (1 - z) * n + z * state
        out.append(state)
    np.savez(f"{folder}/gru.npz", **gru)
    np.save(f"{folder}/gru_out.npy", np.stack(out))
    # torch.nn.RNN (tanh), one layer: h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
    rnn = {"weight_ih_l0": rng.normal(size=(h, n_in)) * 0.5, "weight_hh_l0": rng.normal(size=(h, h)) * 0.5,
           "bias_ih_l0": rng.normal(size=h) * 0.5, "bias_hh_l0": rng.normal(size=h) * 0.5}
    state, out = np.zeros((batch, h)), []
    for t in range(steps):
        state = np.tanh(xs[t] @ rnn["weight_ih_l0"].T + rnn["bias_ih_l0"] + state @ rnn["weight_hh_l0"].T + rnn["bias_hh_l0"])
        out.append(state)
    np.savez(f"{folder}/rnn.npz", **rnn)
    np.save(f"{folder}/rnn_out.npy", np.stack(out))


def check(folder):
    want = dict(np.load(f"{folder}/mlp.npz"))
    for got, source in ((dict(np.load(f"{folder}/back.npz")), "back.npz"),
                        (read_safetensors(f"{folder}/back.safetensors"), "back.safetensors")):
        if sorted(got) != sorted(want):
            sys.exit(f"{source}: keys {sorted(got)}, expected {sorted(want)}")
        for k in want:
            if got[k].dtype != want[k].dtype or got[k].shape != want[k].shape or not np.array_equal(got[k], want[k]):
                sys.exit(f"{source}: '{k}' differs")
    print("python read tdlab's files: identical")


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1]](sys.argv[2])
