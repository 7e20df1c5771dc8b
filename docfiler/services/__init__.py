"""Every write the office can make, by area.

Each function is keyword-only, runs in one transaction, applies the rules of `docfiler.domain`,
writes one audit entry and returns a typed result. A refused write raises a DocfilerError with a
Chinese message and leaves the database untouched. This package re-exports the public writes so
callers can say `services.publish(...)`; the code lives in one module per area.

The re-exports load on first use (PEP 562): a command that writes one thing imports that
area only, not every area with its spreadsheet readers (about 0.1 s of every CLI write).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as the type checker sees them
    from docfiler.services.authorities import add_authority, sync_authorities
    from docfiler.services.cleanup_records import record_finished_cleanup
    from docfiler.services.countersigns import add_countersign, reply_countersign
    from docfiler.services.documents import EDITABLE_FIELDS, register_document, update_document
    from docfiler.services.evaluation import EVALUATION_OUTCOMES, record_evaluation
    from docfiler.services.fair_competition import mark_market_activity, record_fair_competition
    from docfiler.services.filings import record_filing_result, submit_filing, submit_filings
    from docfiler.services.inbox import (
        finish_incoming_review,
        receive_filing,
        record_supplement,
        record_unfiled,
        register_incoming,
        start_review,
    )
    from docfiler.services.inbox_followup import (
        close_followup,
        receive_suggestion,
        record_followup_report,
        reply_suggestion,
        review_from_suggestion,
    )
    from docfiler.services.legal_bases import add_legal_basis, mark_higher_law
    from docfiler.services.procedure import (
        finish_review,
        publication_gaps,
        publish,
        record_decision,
        record_opinions,
        record_review,
        record_revision,
        record_signing,
        submit_review,
    )
    from docfiler.services.relations import add_relation, declare_invalid, repeal_document
    from docfiler.services.sheet_import import ImportDone, ImportPlan, plan_import, run_import

_HOMES = {
    "EDITABLE_FIELDS": "docfiler.services.documents",
    "EVALUATION_OUTCOMES": "docfiler.services.evaluation",
    "ImportDone": "docfiler.services.sheet_import",
    "ImportPlan": "docfiler.services.sheet_import",
    "add_authority": "docfiler.services.authorities",
    "add_countersign": "docfiler.services.countersigns",
    "add_legal_basis": "docfiler.services.legal_bases",
    "add_relation": "docfiler.services.relations",
    "close_followup": "docfiler.services.inbox_followup",
    "declare_invalid": "docfiler.services.relations",
    "finish_incoming_review": "docfiler.services.inbox",
    "finish_review": "docfiler.services.procedure",
    "mark_higher_law": "docfiler.services.legal_bases",
    "mark_market_activity": "docfiler.services.fair_competition",
    "plan_import": "docfiler.services.sheet_import",
    "publication_gaps": "docfiler.services.procedure",
    "publish": "docfiler.services.procedure",
    "receive_filing": "docfiler.services.inbox",
    "receive_suggestion": "docfiler.services.inbox_followup",
    "record_decision": "docfiler.services.procedure",
    "record_evaluation": "docfiler.services.evaluation",
    "record_fair_competition": "docfiler.services.fair_competition",
    "record_filing_result": "docfiler.services.filings",
    "record_finished_cleanup": "docfiler.services.cleanup_records",
    "record_followup_report": "docfiler.services.inbox_followup",
    "record_opinions": "docfiler.services.procedure",
    "record_review": "docfiler.services.procedure",
    "record_revision": "docfiler.services.procedure",
    "record_signing": "docfiler.services.procedure",
    "record_supplement": "docfiler.services.inbox",
    "record_unfiled": "docfiler.services.inbox",
    "register_document": "docfiler.services.documents",
    "register_incoming": "docfiler.services.inbox",
    "repeal_document": "docfiler.services.relations",
    "reply_countersign": "docfiler.services.countersigns",
    "reply_suggestion": "docfiler.services.inbox_followup",
    "review_from_suggestion": "docfiler.services.inbox_followup",
    "run_import": "docfiler.services.sheet_import",
    "start_review": "docfiler.services.inbox",
    "submit_filing": "docfiler.services.filings",
    "submit_filings": "docfiler.services.filings",
    "submit_review": "docfiler.services.procedure",
    "sync_authorities": "docfiler.services.authorities",
    "update_document": "docfiler.services.documents",
}

__all__ = [
    "EDITABLE_FIELDS",
    "EVALUATION_OUTCOMES",
    "ImportDone",
    "ImportPlan",
    "add_authority",
    "add_countersign",
    "add_legal_basis",
    "add_relation",
    "close_followup",
    "declare_invalid",
    "finish_incoming_review",
    "finish_review",
    "mark_higher_law",
    "mark_market_activity",
    "plan_import",
    "publication_gaps",
    "publish",
    "receive_filing",
    "receive_suggestion",
    "record_decision",
    "record_evaluation",
    "record_fair_competition",
    "record_filing_result",
    "record_finished_cleanup",
    "record_followup_report",
    "record_opinions",
    "record_review",
    "record_revision",
    "record_signing",
    "record_supplement",
    "record_unfiled",
    "register_document",
    "register_incoming",
    "repeal_document",
    "reply_countersign",
    "reply_suggestion",
    "review_from_suggestion",
    "run_import",
    "start_review",
    "submit_filing",
    "submit_filings",
    "submit_review",
    "sync_authorities",
    "update_document",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once; later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load_all() -> None:
    """Import every area now (the TUI does, in a worker, so no form waits for its first import)."""
    for home in sorted(set(_HOMES.values())):
        importlib.import_module(home)
