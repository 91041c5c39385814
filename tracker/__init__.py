"""Rollout Tracker: carry enterprise AI rollouts from pilot into production."""

__version__ = "0.1.0"
