"""The version of edward_lite."""

__all__ = ["__version__", "VERSION"]

__version__ = "0.1.0"
VERSION = __version__
