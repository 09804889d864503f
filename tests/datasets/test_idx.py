"""edward_lite.datasets.idx: IDX parsing and MNIST from local files."""

import gzip
import os
import struct

import numpy as np
import pytest

from edward_lite.datasets import idx


def _idx_bytes(array, type_code=0x08, big_endian_dtype=">u1"):
  """An IDX file's bytes, built from the format description by hand."""
  header = bytes([0, 0, type_code, array.ndim])
  header += b"".join(struct.pack(">I", size) for size in array.shape)
  return header + array.astype(big_endian_dtype).tobytes()


def _write(path, content, gz=False):
  if gz:
    path = str(path) + ".gz"
    with gzip.open(path, "wb") as handle:
      handle.write(content)
  else:
    with open(str(path), "wb") as handle:
      handle.write(content)
  return str(path)


def _fake_mnist(directory, n_train=3, n_test=2, gz=False, seed=0):
  """Writes four small MNIST-shaped IDX files; returns the arrays."""
  rng = np.random.RandomState(seed)
  arrays = {
      "train-images-idx3-ubyte": rng.randint(0, 256, (n_train, 28, 28)),
      "train-labels-idx1-ubyte": rng.randint(0, 10, (n_train,)),
      "t10k-images-idx3-ubyte": rng.randint(0, 256, (n_test, 28, 28)),
      "t10k-labels-idx1-ubyte": rng.randint(0, 10, (n_test,)),
  }
  for name, array in arrays.items():
    _write(os.path.join(str(directory), name), _idx_bytes(array), gz=gz)
  return arrays


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_gives_the_header_shape_and_exact_bytes(tmp_path, gz):
  array = np.arange(2 * 3 * 4).reshape(2, 3, 4) * 10
  filename = _write(tmp_path / "cube-idx3-ubyte", _idx_bytes(array), gz=gz)
  result = idx.read_idx(filename)
  assert result.dtype == np.uint8
  assert result.shape == (2, 3, 4)
  np.testing.assert_array_equal(result, array)


@pytest.mark.parametrize("type_code, big_endian, native", [
    (0x09, ">i1", np.int8),
    (0x0B, ">i2", np.int16),
    (0x0C, ">i4", np.int32),
    (0x0D, ">f4", np.float32),
    (0x0E, ">f8", np.float64),
])
def test_read_idx_decodes_every_type_big_endian(tmp_path, type_code,
                                                 big_endian, native):
  array = np.array([[-7, 1], [46, -100]], dtype=native)
  filename = _write(tmp_path / "values",
                    _idx_bytes(array, type_code, big_endian))
  result = idx.read_idx(filename)
  assert result.dtype == np.dtype(native)
  assert result.dtype.byteorder in ("=", "|")
  np.testing.assert_array_equal(result, array)


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_returns_observations_layout(tmp_path, gz):
  arrays = _fake_mnist(tmp_path, gz=gz)
  (x_train, y_train), (x_test, y_test) = idx.mnist(str(tmp_path))
  # observations.mnist: images flattened row-major, as float64 0..255.
  assert x_train.shape == (3, 784) and x_test.shape == (2, 784)
  assert x_train.dtype == np.float64 and x_test.dtype == np.float64
  assert y_train.dtype == np.uint8 and y_test.dtype == np.uint8
  np.testing.assert_array_equal(
      x_train, arrays["train-images-idx3-ubyte"].reshape(3, 784))
  np.testing.assert_array_equal(
      x_test, arrays["t10k-images-idx3-ubyte"].reshape(2, 784))
  np.testing.assert_array_equal(y_train, arrays["train-labels-idx1-ubyte"])
  np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte"])


def test_mnist_dtype_uint8_keeps_the_bytes(tmp_path):
  arrays = _fake_mnist(tmp_path)
  (x_train, _), (x_test, _) = idx.mnist(str(tmp_path), dtype=np.uint8)
  assert x_train.dtype == np.uint8
  np.testing.assert_array_equal(
      x_test, arrays["t10k-images-idx3-ubyte"].reshape(2, 784))


def test_mnist_prefers_the_plain_file_and_expands_home(tmp_path, monkeypatch):
  directory = tmp_path / "mnist"
  directory.mkdir()
  plain = _fake_mnist(directory, seed=1)
  _fake_mnist(directory, seed=2, gz=True)
  monkeypatch.setenv("HOME", str(tmp_path))
  (x_train, _), _ = idx.mnist("~/mnist")
  np.testing.assert_array_equal(
      x_train, plain["train-images-idx3-ubyte"].reshape(3, 784))


def test_mnist_missing_file_says_where_to_get_the_files(tmp_path):
  _fake_mnist(tmp_path)
  os.remove(str(tmp_path / "t10k-labels-idx1-ubyte"))
  with pytest.raises(FileNotFoundError) as error:
    idx.mnist(str(tmp_path))
  assert str(error.value) == (
      "MNIST file 't10k-labels-idx1-ubyte' (or 't10k-labels-idx1-ubyte.gz') "
      "is not in '{0}'. edward_lite never downloads data: get the 4 files "
      "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
      "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz from "
      "http://yann.lecun.com/exdb/mnist/ (or a mirror such as "
      "https://storage.googleapis.com/cvdf-datasets/mnist/) and put them, "
      "gzipped or not, in '{0}'.".format(tmp_path))


def test_mnist_missing_directory_names_the_first_file(tmp_path):
  missing = str(tmp_path / "nowhere")
  with pytest.raises(FileNotFoundError) as error:
    idx.mnist(missing)
  assert str(error.value).startswith(
      "MNIST file 'train-images-idx3-ubyte' (or 'train-images-idx3-ubyte.gz')"
      " is not in '{}'.".format(missing))


def test_truncated_file_is_a_value_error_naming_it(tmp_path):
  _fake_mnist(tmp_path)
  filename = str(tmp_path / "train-images-idx3-ubyte")
  with open(filename, "rb") as handle:
    content = handle.read()
  with open(filename, "wb") as handle:
    handle.write(content[:-5])
  with pytest.raises(ValueError) as error:
    idx.mnist(str(tmp_path))
  assert str(error.value) == (
      "'{}' is truncated: its header describes shape (3, 28, 28) (2352 bytes "
      "of data), the file has 2347 bytes after the header.".format(filename))


def test_file_shorter_than_its_header_is_truncated(tmp_path):
  filename = _write(tmp_path / "short", bytes([0, 0, 8, 3, 0, 0]))
  with pytest.raises(ValueError) as error:
    idx.read_idx(filename)
  assert str(error.value) == (
      "'{}' is truncated: its header needs 16 bytes for 3 dimensions, the "
      "file has 6.".format(filename))


def test_file_shorter_than_the_magic_is_truncated(tmp_path):
  filename = _write(tmp_path / "tiny", b"\x00\x00")
  with pytest.raises(ValueError) as error:
    idx.read_idx(filename)
  assert str(error.value) == (
      "'{}' is truncated: it has 2 bytes, fewer than the 4-byte IDX magic "
      "number.".format(filename))


def test_non_idx_file_is_a_bad_magic_value_error(tmp_path):
  filename = _write(tmp_path / "archive", b"PK\x03\x04" + bytes(20))
  with pytest.raises(ValueError) as error:
    idx.read_idx(filename)
  assert str(error.value) == (
      "'{}' is not an IDX file: its magic number is 0x504B0304 (an IDX file "
      "starts with 0x0000, then a type code among 0x08, 0x09, 0x0B, 0x0C, "
      "0x0D, 0x0E, then the number of dimensions).".format(filename))


def test_labels_where_images_belong_is_a_bad_magic_value_error(tmp_path):
  _fake_mnist(tmp_path)
  filename = str(tmp_path / "train-images-idx3-ubyte")
  _write(filename, _idx_bytes(np.zeros(3, dtype=np.uint8)))
  with pytest.raises(ValueError) as error:
    idx.mnist(str(tmp_path))
  assert str(error.value) == (
      "'{}' is not an MNIST image file (unsigned bytes, 3 dimensions): its "
      "magic number is 0x00000801, expected 0x00000803.".format(filename))


def test_trailing_bytes_are_refused(tmp_path):
  array = np.arange(6).reshape(2, 3)
  filename = _write(tmp_path / "long", _idx_bytes(array) + b"\x00\x01")
  with pytest.raises(ValueError) as error:
    idx.read_idx(filename)
  assert str(error.value) == (
      "'{}' is not a valid IDX file: it has 2 bytes after the 6 bytes of "
      "data its header describes.".format(filename))


def test_truncated_gzip_is_a_value_error_naming_it(tmp_path):
  _fake_mnist(tmp_path, gz=True)
  filename = str(tmp_path / "t10k-images-idx3-ubyte.gz")
  with open(filename, "rb") as handle:
    content = handle.read()
  with open(filename, "wb") as handle:
    handle.write(content[:len(content) // 2])
  with pytest.raises(ValueError) as error:
    idx.mnist(str(tmp_path))
  message = str(error.value)
  assert message.startswith("'{}' is not a readable gzip file (".format(
      filename))
  assert message.endswith("); it may be truncated: download it again.")


def test_images_and_labels_must_match_in_number(tmp_path):
  _fake_mnist(tmp_path)
  labels_file = str(tmp_path / "train-labels-idx1-ubyte")
  _write(labels_file, _idx_bytes(np.zeros(4, dtype=np.uint8)))
  with pytest.raises(ValueError) as error:
    idx.mnist(str(tmp_path))
  assert str(error.value) == "'{}' has 3 images but '{}' has 4 labels.".format(
      tmp_path / "train-images-idx3-ubyte", labels_file)


def test_read_idx_missing_file_is_file_not_found(tmp_path):
  with pytest.raises(FileNotFoundError) as error:
    idx.read_idx(str(tmp_path / "absent"))
  assert error.value.filename == str(tmp_path / "absent")
