#!/usr/bin/env python3
"""Build Tenfold's sample datasets from Fashion-MNIST, byte for byte reproducibly.

Reads the IDX files shipped by the Debian package ``dataset-fashion-mnist``
(Zalando Research, MIT licence) and writes, under ``samples/`` of the repo:

  fashion-mnist-5.zip        ImageFolder zip: 5 classes x 60 TRAIN images
                             (entries ``<class>/train-<index>.png``)
  fashion-mnist-3-tiny.zip   same layout: 3 of those classes x 8 TRAIN images
  fashion-mnist-5-test/      4 held-out t10k images per class of the 5,
                             named ``<class>-<index>.png``

``<index>`` is the image's 0-based position in its IDX file, zero-padded to 5
digits. Selection is fixed (the first N images of each class in file order, no
RNG), zip entries are in a fixed order with fixed timestamps and attributes.

To be reproducible regardless of which deflate implementation the local Python
links against (zlib, zlib-ng, ...), nothing is deflate-compressed: each PNG
carries its pixels in a zlib stream made of a single *stored* deflate block
(a valid PNG that any decoder reads), and the zips use ZIP_STORED. The only
things computed by zlib are CRC-32 and Adler-32 checksums, which are fixed by
their definitions.

Usage:
  python3 scripts/samples/make-fashion-mnist-sample.py            # (re)write samples/
  python3 scripts/samples/make-fashion-mnist-sample.py --check    # verify, exit 1 on drift

Standard library only.
"""

import argparse
import gzip
import hashlib
import os
import struct
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

DEFAULT_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "samples"
INSTALL_HINT = "apt-get update && apt-get install -y dataset-fashion-mnist"

# Fashion-MNIST label -> folder name (official class names, lowercase, hyphens).
CLASS_NAMES = {
    0: "t-shirt-top",
    1: "trouser",
    2: "pullover",
    3: "dress",
    4: "coat",
    5: "sandal",
    6: "shirt",
    7: "sneaker",
    8: "bag",
    9: "ankle-boot",
}

# Five visually distinct classes (no shirt/pullover/coat or sandal look-alikes).
FIVE_CLASSES = ["ankle-boot", "bag", "sneaker", "t-shirt-top", "trouser"]
# The three most distinct of those, for fast tests.
TINY_CLASSES = ["bag", "sneaker", "trouser"]

FIVE_PER_CLASS = 60
TINY_PER_CLASS = 8
TEST_PER_CLASS = 4

FIVE_ZIP = "fashion-mnist-5.zip"
TINY_ZIP = "fashion-mnist-3-tiny.zip"
TEST_DIR = "fashion-mnist-5-test"

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- IDX


def read_idx(path, expected_magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        raise ValueError(f"{path}: magic {magic:#x}, expected {expected_magic:#x}")
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    payload = data[4 + 4 * ndim:]
    expected_len = 1
    for d in dims:
        expected_len *= d
    if len(payload) != expected_len:
        raise ValueError(f"{path}: {len(payload)} payload bytes, expected {expected_len}")
    return dims, payload


class Split:
    """Images and labels of one Fashion-MNIST split ('train' or 't10k')."""

    def __init__(self, data_dir, name):
        img_dims, self.pixels = read_idx(data_dir / f"{name}-images-idx3-ubyte.gz", 0x00000803)
        lbl_dims, self.labels = read_idx(data_dir / f"{name}-labels-idx1-ubyte.gz", 0x00000801)
        self.count, self.rows, self.cols = img_dims
        if lbl_dims[0] != self.count:
            raise ValueError(f"{name}: {self.count} images but {lbl_dims[0]} labels")

    def image(self, index):
        size = self.rows * self.cols
        return self.pixels[index * size:(index + 1) * size]

    def first_indices(self, class_name, n):
        """The first n indices (file order) whose label is class_name."""
        label = next(k for k, v in CLASS_NAMES.items() if v == class_name)
        out = []
        for i, lab in enumerate(self.labels):
            if lab == label:
                out.append(i)
                if len(out) == n:
                    return out
        raise ValueError(f"only {len(out)} images of {class_name}, wanted {n}")


# --------------------------------------------------------------------------- PNG


def _chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _zlib_stored(raw):
    """A zlib stream holding raw in stored (uncompressed) deflate blocks."""
    out = bytearray(b"\x78\x01")  # CM=8, CINFO=7, FLEVEL=0, FCHECK ok
    pos = 0
    while True:
        block = raw[pos:pos + 65535]
        pos += len(block)
        final = pos >= len(raw)
        out += bytes([1 if final else 0])  # BFINAL, BTYPE=00, padded to byte
        out += struct.pack("<HH", len(block), len(block) ^ 0xFFFF)
        out += block
        if final:
            break
    out += struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)
    return bytes(out)


def encode_png_gray8(pixels, width, height):
    """8-bit grayscale PNG, no filtering, no ancillary chunks."""
    assert len(pixels) == width * height
    raw = b"".join(b"\x00" + pixels[r * width:(r + 1) * width] for r in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", _zlib_stored(raw)) + _chunk(b"IEND", b""))


# --------------------------------------------------------------------------- ZIP


def _zip_info(name, is_dir):
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3  # Unix, whatever platform this runs on
    if is_dir:
        info.external_attr = (0o40755 << 16) | 0x10  # drwxr-xr-x + MS-DOS dir bit
    else:
        info.external_attr = 0o100644 << 16  # -rw-r--r--
    return info


def write_imagefolder_zip(path, split, classes, per_class):
    """ImageFolder zip: '<class>/' then its '<class>/train-<index>.png', classes in
    the given (sorted) order, images in file order."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        for cls in classes:
            zf.writestr(_zip_info(cls + "/", True), b"")
            for idx in split.first_indices(cls, per_class):
                png = encode_png_gray8(split.image(idx), split.cols, split.rows)
                zf.writestr(_zip_info(f"{cls}/train-{idx:05d}.png", False), png)
    os.replace(tmp, path)


def write_test_dir(path, split, classes, per_class):
    path.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for cls in classes:
        for idx in split.first_indices(cls, per_class):
            name = f"{cls}-{idx:05d}.png"
            wanted.add(name)
            (path / name).write_bytes(encode_png_gray8(split.image(idx), split.cols, split.rows))
    for stale in path.glob("*.png"):
        if stale.name not in wanted:
            stale.unlink()


# --------------------------------------------------------------------------- main


def generate(data_dir, out_dir):
    train = Split(data_dir, "train")
    t10k = Split(data_dir, "t10k")
    out_dir.mkdir(parents=True, exist_ok=True)
    assert sorted(FIVE_CLASSES) == FIVE_CLASSES and sorted(TINY_CLASSES) == TINY_CLASSES
    assert set(TINY_CLASSES) <= set(FIVE_CLASSES)
    write_imagefolder_zip(out_dir / FIVE_ZIP, train, FIVE_CLASSES, FIVE_PER_CLASS)
    write_imagefolder_zip(out_dir / TINY_ZIP, train, TINY_CLASSES, TINY_PER_CLASS)
    write_test_dir(out_dir / TEST_DIR, t10k, FIVE_CLASSES, TEST_PER_CLASS)


def generated_files(out_dir):
    """Relative path -> sha256 of every file this script owns under out_dir."""
    files = {}
    candidates = [out_dir / FIVE_ZIP, out_dir / TINY_ZIP]
    test_dir = out_dir / TEST_DIR
    if test_dir.is_dir():
        candidates += sorted(test_dir.glob("*.png"))
    for p in candidates:
        if p.is_file():
            files[p.relative_to(out_dir).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return files


def check(data_dir, out_dir):
    with tempfile.TemporaryDirectory(prefix="fashion-mnist-sample-") as tmp:
        generate(data_dir, Path(tmp))
        expected = generated_files(Path(tmp))
    actual = generated_files(out_dir)
    problems = []
    for name, digest in sorted(expected.items()):
        if name not in actual:
            problems.append(f"missing: {name}")
        elif actual[name] != digest:
            problems.append(f"differs: {name} (committed {actual[name]}, regenerated {digest})")
    for name in sorted(set(actual) - set(expected)):
        problems.append(f"unexpected: {name}")
    readme = out_dir / "README.md"
    readme_text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    for name in (FIVE_ZIP, TINY_ZIP):
        if name in expected and expected[name] not in readme_text:
            problems.append(f"README.md does not list the sha256 of {name}: {expected[name]}")
    if problems:
        print("fashion-mnist sample check FAILED:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        print(f"Regenerate with: python3 {Path(sys.argv[0]).as_posix()}", file=sys.stderr)
        return 1
    print(f"fashion-mnist sample check OK ({len(expected)} files match)")
    for name in (FIVE_ZIP, TINY_ZIP):
        print(f"  {expected[name]}  {name}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and compare sha256 with the files in "
                         "--out-dir (and the zip sha256s listed in its README.md); exit 1 on "
                         "any difference")
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                    help=f"directory with the Fashion-MNIST IDX .gz files (default {DEFAULT_DATA_DIR})")
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                    help="where the samples live (default: samples/ of this repo)")
    args = ap.parse_args(argv)

    missing = [n for n in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                           "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
               if not (args.data_dir / n).is_file()]
    if missing:
        print(f"Fashion-MNIST files missing from {args.data_dir}: {', '.join(missing)}", file=sys.stderr)
        print(f"Install them with: {INSTALL_HINT}", file=sys.stderr)
        return 2

    if args.check:
        return check(args.data_dir, args.out_dir)
    generate(args.data_dir, args.out_dir)
    for name, digest in generated_files(args.out_dir).items():
        if name.endswith(".zip"):
            print(f"{digest}  {args.out_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
