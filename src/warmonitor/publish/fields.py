"""The dimensions a tally counts by and the fields a --where may name (no imports: the
CLI reads these before it knows which command runs)."""

DIMENSIONS = ("side", "group", "country", "conflict", "admin1", "place", "month", "week", "actor", "type")
FILTERS = ("type", "country", "conflict", "admin1", "place", "actor", "side")
