#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""pngcheck.py PNG - print "WIDTHxHEIGHT COLOURS INKED%" for an 8-bit PNG
(what Chromium writes), without any imaging library: IHDR, IDAT through
zlib, the five row filters.  COLOURS: distinct pixel values; INKED: the
share of pixels that are not the most common one (the background)."""
import struct
import sys
import zlib
from collections import Counter


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        sys.exit("unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, ctype, interlace))
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    counts = Counter()
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp * 3):   # every third pixel is plenty
            counts[bytes(line[x:x + bpp])] += 1
        prev = line
    total = sum(counts.values())
    background = counts.most_common(1)[0][1]
    print("%dx%d %d %.1f" % (w, h, len(counts), 100.0 * (total - background) / total))


if __name__ == "__main__":
    main(sys.argv[1])
