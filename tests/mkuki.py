#!/usr/bin/env python3
"""mkuki.py OUT NAME=FILE... [--signed]: a minimal PE32+ file with the
given sections (a unified kernel image when one is .linux), file
alignment 0x200, as ukify lays one out (VirtualSize exact, SizeOfRawData
rounded up). NAME=@TEXT takes the text itself."""
import struct, sys

out, args = sys.argv[1], sys.argv[2:]
signed = '--signed' in args
secs = []
for a in args:
    if a.startswith('--'):
        continue
    name, val = a.split('=', 1)
    data = val[1:].encode() if val.startswith('@') else open(val, 'rb').read()
    secs.append((name.encode()[:8], data))

align = lambda x: (x + 0x1ff) & ~0x1ff
opt_size = 240
hdr_end = 0x40 + 4 + 20 + opt_size + 40 * len(secs)
off = align(hdr_end)
table, body = b'', b''
for name, data in secs:
    raw = align(len(data))
    table += struct.pack('<8sIIIIIIHHI', name.ljust(8, b'\0'), len(data), off, raw, off, 0, 0, 0, 0, 0x40000040)
    body += data + b'\0' * (raw - len(data))
    off += raw
mz = bytearray(0x40)
mz[0:2] = b'MZ'
struct.pack_into('<I', mz, 0x3c, 0x40)
coff = struct.pack('<HHIIIHH', 0x8664, len(secs), 0, 0, 0, opt_size, 0x22)
opt = bytearray(opt_size)
struct.pack_into('<H', opt, 0, 0x20b)
struct.pack_into('<I', opt, 108, 16)
if signed:  # data directory 4: the certificate table (pointing past the sections)
    struct.pack_into('<II', opt, 112 + 32, off, 8)
head = bytes(mz) + b'PE\0\0' + coff + bytes(opt) + table
blob = head + b'\0' * (align(hdr_end) - len(head)) + body
if signed:
    blob += b'\0' * 8
open(out, 'wb').write(blob)
