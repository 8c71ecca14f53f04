"""Hostile inputs and faults (issue 12): each test reproduces one and shows it handled."""
