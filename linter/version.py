"""The program's version: part of every cache key and of the machine-readable reports."""

__version__ = "0.1.0"
