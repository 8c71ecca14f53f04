"""warmonitor: read war reporting into traceable casualty claims and events.

The pipeline runs ingest (fetch, decode, clean) -> extract (claims) and passes
the plain records of :mod:`warmonitor.records` from one stage to the next.
"""

__version__ = "0.1.0"
