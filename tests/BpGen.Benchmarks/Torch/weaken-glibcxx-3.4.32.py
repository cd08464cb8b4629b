"""TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13's libstdc++) for one symbol,
std::ios_base_library_init, which older libstdc++ (Debian 12: GCC 12) does without. This marks that
one version requirement weak in a copy of the library, so the loader accepts the older libstdc++.
Usage: python3 weaken-glibcxx-3.4.32.py path/to/libLibTorchSharp.so"""
import struct
import sys

path = sys.argv[1]
data = bytearray(open(path, "rb").read())
# ELF64 little-endian: section headers, their names, then .gnu.version_r's entries.
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
names = sections[shstrndx][4]
def name(offset, table):
    end = data.index(0, table + offset)
    return data[table + offset:end].decode()
version_r = next(s for s in sections if name(s[0], names) == ".gnu.version_r")
strings = sections[version_r[6]][4]
entry = version_r[4]
while True:
    _, _, file, aux, next_entry = struct.unpack_from("<HHIII", data, entry)
    position = entry + aux
    while True:
        _, flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, position)
        if name(vna_name, strings) == "GLIBCXX_3.4.32":
            struct.pack_into("<H", data, position + 4, flags | 0x2)  # VER_FLG_WEAK
            open(path, "wb").write(data)
            print(f"{path}: GLIBCXX_3.4.32 is now a weak requirement")
            sys.exit(0)
        if vna_next == 0:
            break
        position += vna_next
    if next_entry == 0:
        break
    entry += next_entry
print(f"{path}: no GLIBCXX_3.4.32 requirement; nothing to do")
