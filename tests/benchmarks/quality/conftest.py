"""One BLAS thread per test, as the benchmark's workers have.

On a busy machine NumPy's thread per core mostly waits: the mixture fits
take several times as long.
"""

import pytest


@pytest.fixture(autouse=True)
def one_blas_thread():
  from threadpoolctl import threadpool_limits  # pylint: disable=g-import-not-at-top
  with threadpool_limits(1):
    yield
