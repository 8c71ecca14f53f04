"""The publish stage: how reports leave warmonitor (JSON lines, readable tables)."""
