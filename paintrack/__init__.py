"""paintrack: a private pain diary for a trial course of acupuncture."""

__version__ = "0.1.0"
