"""The reconcile stage: one incident per real-world event, whatever number of reports
tell it, with killed and injured reconciled across sources (see docs/store.md).

Pure rules on plain records; the store does the reading and writing.
"""

from .figures import Figure, StoredClaim, reconcile_figures
from .matching import IncidentSummary, also_matched, best_match, summarise

__all__ = ["Figure", "IncidentSummary", "StoredClaim", "also_matched", "best_match", "reconcile_figures", "summarise"]
