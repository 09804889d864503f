"""MNIST from local IDX files, and the IDX format reader behind it.

Edward's examples loaded MNIST with `observations.mnist(path)`, which
downloaded the files when they were missing. edward_lite never touches
the network: `mnist(path)` reads the four files the user already has,
gzipped or not, and says where to get them when one is missing.
"""

import gzip
import os
import struct
import zlib

import numpy as np

__all__ = ["MNIST_FILES", "MNIST_URL", "MNIST_MIRROR_URL", "mnist", "read_idx"]

MNIST_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
MNIST_URL = "http://yann.lecun.com/exdb/mnist/"
# The mirror observations.mnist downloaded from; LeCun's page is often down.
MNIST_MIRROR_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"

# Third byte of an IDX magic number -> element type (data is big-endian).
_IDX_DTYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_MNIST_IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
_MNIST_LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension


def read_idx(filename):
  """Reads one IDX file (LeCun's format for MNIST), plain or gzipped.

  The header (a magic number whose third byte is the element type and
  whose fourth is the number of dimensions, then one big-endian 32-bit
  size per dimension) decides the array's dtype and shape; nothing is
  assumed about MNIST.

  Args:
    filename: str. Path to the file. A name ending in `.gz` is read
      through gzip.

  Returns:
    np.ndarray with the header's shape and element type, in native
    byte order.

  Raises:
    FileNotFoundError: `filename` does not exist.
    ValueError: the file is not IDX (bad magic number), is truncated,
      has bytes after the data its header describes, or is a corrupt
      gzip file.
  """
  return _read_idx_with_magic(filename)[1]


def mnist(path, dtype=np.float64):
  """Loads MNIST from the four IDX files in directory `path`.

  A drop-in for `observations.mnist(path)`, which Edward's examples
  used, with the same return value; the difference is that nothing is
  downloaded. Each file may be plain (`train-images-idx3-ubyte`) or
  gzipped (`train-images-idx3-ubyte.gz`); the plain one is read when
  both are there. Fashion-MNIST ships files with the same names and
  loads the same way.

  Args:
    path: str. Directory holding `train-images-idx3-ubyte`,
      `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
      `t10k-labels-idx1-ubyte` (each optionally with `.gz`). `~` is
      expanded.
    dtype: NumPy dtype of the images. The default, float64 with values
      0.0 to 255.0, is what `observations.mnist` returned;
      `np.uint8` keeps the file's bytes and an eighth of the memory.

  Returns:
    Tuple `(x_train, y_train), (x_test, y_test)`: images of shape
    `(60000, 784)` and `(10000, 784)` (rows of 28x28 pixels, row-major)
    with values in [0, 255], and uint8 labels of shape `(60000,)` and
    `(10000,)`. The sizes come from the files' headers.

  Raises:
    FileNotFoundError: one of the four files is missing; the message
      names it and says where to get it.
    ValueError: a file is not an IDX file of the right kind (wrong
      magic number), is truncated or corrupt, or the images and labels
      of a split differ in number.
  """
  path = os.path.expanduser(path)
  found = [_find_mnist_file(path, name) for name in MNIST_FILES]
  train_images, train_labels, test_images, test_labels = found
  train = _read_mnist_split(train_images, train_labels, dtype)
  test = _read_mnist_split(test_images, test_labels, dtype)
  return train, test


def _find_mnist_file(path, name):
  """Returns the plain or gzipped file for `name`, or says how to get it."""
  for candidate in (name, name + ".gz"):
    filename = os.path.join(path, candidate)
    if os.path.isfile(filename):
      return filename
  raise FileNotFoundError(
      "MNIST file '{name}' (or '{name}.gz') is not in '{path}'. edward_lite "
      "never downloads data: get the 4 files {files} from {url} (or a "
      "mirror such as {mirror}) and put them, gzipped or not, in "
      "'{path}'.".format(
          name=name, path=path,
          files=", ".join(f + ".gz" for f in MNIST_FILES),
          url=MNIST_URL, mirror=MNIST_MIRROR_URL))


def _read_mnist_split(images_file, labels_file, dtype):
  """Reads one (images, labels) pair and checks they belong together."""
  images = _read_expected(images_file, _MNIST_IMAGES_MAGIC,
                          "MNIST image file (unsigned bytes, 3 dimensions)")
  labels = _read_expected(labels_file, _MNIST_LABELS_MAGIC,
                          "MNIST label file (unsigned bytes, 1 dimension)")
  if images.shape[0] != labels.shape[0]:
    raise ValueError(
        "'{}' has {} images but '{}' has {} labels.".format(
            images_file, images.shape[0], labels_file, labels.shape[0]))
  flat = images.reshape(images.shape[0], -1)
  return flat.astype(dtype, copy=False), labels


def _read_expected(filename, expected_magic, description):
  magic, array = _read_idx_with_magic(filename)
  if magic != expected_magic:
    raise ValueError(
        "'{}' is not an {}: its magic number is 0x{:08X}, expected "
        "0x{:08X}.".format(filename, description, magic, expected_magic))
  return array


def _read_idx_with_magic(filename):
  """Parses an IDX file; returns (magic number, array)."""
  data = _read_bytes(filename)
  if len(data) < 4:
    raise ValueError(
        "'{}' is truncated: it has {} bytes, fewer than the 4-byte IDX magic "
        "number.".format(filename, len(data)))
  magic = struct.unpack(">I", data[:4])[0]
  type_code, ndim = data[2], data[3]
  if data[0] != 0 or data[1] != 0 or type_code not in _IDX_DTYPES:
    raise ValueError(
        "'{}' is not an IDX file: its magic number is 0x{:08X} (an IDX file "
        "starts with 0x0000, then a type code among {}, then the number of "
        "dimensions).".format(
            filename, magic,
            ", ".join("0x{:02X}".format(code) for code in _IDX_DTYPES)))
  header_size = 4 + 4 * ndim
  if len(data) < header_size:
    raise ValueError(
        "'{}' is truncated: its header needs {} bytes for {} dimensions, the "
        "file has {}.".format(filename, header_size, ndim, len(data)))
  shape = struct.unpack(">{}I".format(ndim), data[4:header_size])
  dtype = _IDX_DTYPES[type_code]
  count = int(np.prod(shape, dtype=np.int64))
  expected = count * dtype.itemsize
  available = len(data) - header_size
  if available < expected:
    raise ValueError(
        "'{}' is truncated: its header describes shape {} ({} bytes of data), "
        "the file has {} bytes after the header.".format(
            filename, tuple(shape), expected, available))
  if available > expected:
    raise ValueError(
        "'{}' is not a valid IDX file: it has {} bytes after the {} bytes of "
        "data its header describes.".format(
            filename, available - expected, expected))
  array = np.frombuffer(data, dtype=dtype, count=count, offset=header_size)
  # A native-order copy: big-endian views are slow and frombuffer's
  # result is read-only.
  return magic, array.reshape(shape).astype(dtype.newbyteorder("="))


def _read_bytes(filename):
  """The file's content, gunzipped when the name ends in `.gz`."""
  with open(filename, "rb") as handle:
    if not filename.endswith(".gz"):
      return handle.read()
    try:
      return gzip.GzipFile(fileobj=handle).read()
    except (OSError, EOFError, zlib.error) as error:
      raise ValueError(
          "'{}' is not a readable gzip file ({}); it may be truncated: "
          "download it again.".format(filename, error)) from error
