#!/usr/bin/env python3
"""Test setup only: lets TorchSharp's native shim load on hosts whose libstdc++ predates GCC 13 (Debian 12).

TorchSharp 0.107's libLibTorchSharp.so lists the symbol version GLIBCXX_3.4.32 among its needs, for one symbol
(_ZSt21ios_base_library_initv) that no relocation uses. glibc refuses to load a library whose version need is
unmet, unless the need is marked weak (VER_FLG_WEAK): then it only warns under LD_DEBUG. This script sets that flag
on that one need, in place, in the COPY of the library under a test project's output folder.

It changes nothing when the host's libstdc++ already defines the version (Ubuntu 24.04, the trainer images), and
nothing when the flag is already set, so it can run after every build. The changed file never ships: the trainer
images build from source on a base that provides GLIBCXX_3.4.32 and restore the untouched package.

usage: relax_glibcxx_need.py LIBRARY [VERSION]
"""
import os
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def host_defines(version):
    """True when the host's libstdc++.so.6 defines the symbol version (its .gnu.version_d lists it)."""
    for folder in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64"):
        path = os.path.join(folder, "libstdc++.so.6")
        if os.path.exists(path):
            with open(os.path.realpath(path), "rb") as f:
                return version.encode() + b"\0" in f.read()
    return False


def relax(path, version):
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a 64-bit little-endian ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        verneed = next((s for s in sections if s[1] == SHT_GNU_VERNEED), None)
        if verneed is None:
            sys.exit(f"{path}: no .gnu.version_r section")
        strtab = sections[verneed[6]][4]  # sh_link -> .dynstr, its sh_offset

        def name(offset):
            end = data.index(b"\0", strtab + offset)
            return data[strtab + offset:end].decode()

        need = verneed[4]
        while True:
            _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, need)
            entry = need + aux
            for _ in range(cnt):
                _, flags, _, vname, anext = struct.unpack_from("<IHHII", data, entry)
                if name(vname) == version:
                    if flags & VER_FLG_WEAK:
                        return "already weak"
                    struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                    f.seek(0)
                    f.write(data)
                    return "marked weak"
                entry += anext
            if nxt == 0:
                return "not needed"
            need += nxt


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = sys.argv[1]
    version = sys.argv[2] if len(sys.argv) == 3 else "GLIBCXX_3.4.32"
    if host_defines(version):
        print(f"relax_glibcxx_need: host libstdc++ defines {version}; {path} left as it is")
        return
    print(f"relax_glibcxx_need: {path}: {version} {relax(path, version)}")


if __name__ == "__main__":
    main()
