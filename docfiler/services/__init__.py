"""Every write the office can make, by area.

Each function is keyword-only, runs in one transaction, applies the rules of `docfiler.domain`,
writes one audit entry and returns a typed result. A refused write raises a DocfilerError with a
Chinese message and leaves the database untouched. This package re-exports the public writes so
callers can say `services.publish(...)`; the code lives in one module per area.
"""

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
