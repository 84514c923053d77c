"""Conflict Timeline: reconstruct what happened, when, and according to whom."""

__version__ = "0.1.0"
APP_NAME = "Conflict Timeline"
