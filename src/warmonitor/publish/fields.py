"""The dimensions a tally counts by and the fields a --where may name (no imports: the
CLI reads these before it knows which command runs)."""

DIMENSIONS = ("side", "group", "admin1", "place", "month", "week", "actor", "type")
FILTERS = ("type", "admin1", "place", "actor", "side", "country")
