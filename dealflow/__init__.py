"""dealflow: regulated deal negotiations as state machines.

Parties, terms, bids, approval gates, rules, mandates and agents, composed into a
deal that applies dated events, keeps its journal and replays.  The public names
are listed in ``__all__``; everything else lives in private modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._deal import BidStatus, Change, Deal, EnactedRule, GateStatus, MandateStatus, Status, replay
from ._errors import DealflowError, InputError, MachineError, RefusedEvent, RuleError, UnknownParty
from ._events import (
    EVENT_TYPES,
    Approved,
    BidAccepted,
    BidRejected,
    BidRevised,
    BidSubmitted,
    BidWithdrawn,
    Blocked,
    ConditionallyApproved,
    ConditionMet,
    DeadlineExtended,
    DealClosed,
    DealOpened,
    DealSigned,
    DealTerminated,
    DivestitureQualified,
    EnforcementPaused,
    Enjoined,
    Event,
    GateRequired,
    GateWaived,
    InjunctionLifted,
    MandateEnforced,
    MandateIssued,
    MandateLapsed,
    MandateRevoked,
    PartyJoined,
    ReviewExtended,
    ReviewOpened,
    RuleEnacted,
    RuleRepealed,
    Statement,
    TermsAgreed,
    TermsProposed,
)
from ._litigation import (
    PreliminaryInjunctionDenied,
    PreliminaryInjunctionGranted,
    RestrainingOrderDenied,
    RestrainingOrderGranted,
    RulingIssued,
    SuitAppealed,
    SuitDismissed,
    SuitFiled,
    SuitStatus,
    SuitWithdrawn,
)
from ._machines import MACHINES, MachineSpec
from ._orders import DivestitureCompleted, OrderIssued, OrderRevoked, OrderStatus
from ._rights import (
    AgreementBreached,
    AgreementEnded,
    AgreementEntered,
    AgreementStatus,
    BreachCured,
    ConsentGiven,
    CorporateAction,
    RightsGranted,
    RightsStatus,
)
from ._rules import (
    AllOf,
    AnyOf,
    ApproveAlways,
    BlockAlways,
    ExportLicenceRequired,
    ForeignAdversaryControl,
    MajorityDomesticBoard,
    Not,
    Outcome,
    RequireCondition,
    Rule,
    RuleContext,
    TrustedPartnerCustody,
    Verdict,
    register_rule,
    registered_rules,
    rule_from_spec,
)
from ._values import Asset, Board, Condition, Holding, Money, Party, Role, Source, Stake, Structure, Terms

if TYPE_CHECKING:
    from ._agents import (
        Agent,
        BidderPolicy,
        Policy,
        RegulatorPolicy,
        RunResult,
        ScriptedPolicy,
        SellerPolicy,
        View,
        run,
    )
    from ._case import Case, load_case
    from ._serde import event_from_dict, event_to_dict, events_from_json, events_to_json

__version__ = "0.1.0"

# loaded on first use, keeping `import dealflow` light (cattrs loads with _serde)
_LAZY = {
    **dict.fromkeys(("event_from_dict", "event_to_dict", "events_from_json", "events_to_json"), "_serde"),
    **dict.fromkeys(("Case", "load_case"), "_case"),
    **dict.fromkeys(
        (
            "Agent",
            "BidderPolicy",
            "Policy",
            "RegulatorPolicy",
            "RunResult",
            "ScriptedPolicy",
            "SellerPolicy",
            "View",
            "run",
        ),
        "_agents",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'dealflow' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "EVENT_TYPES",
    "MACHINES",
    "Agent",
    "AgreementBreached",
    "AgreementEnded",
    "AgreementEntered",
    "AgreementStatus",
    "AllOf",
    "AnyOf",
    "ApproveAlways",
    "Approved",
    "Asset",
    "BidAccepted",
    "BidRejected",
    "BidRevised",
    "BidStatus",
    "BidSubmitted",
    "BidWithdrawn",
    "BidderPolicy",
    "BlockAlways",
    "Blocked",
    "Board",
    "BreachCured",
    "Case",
    "Change",
    "Condition",
    "ConditionMet",
    "ConditionallyApproved",
    "ConsentGiven",
    "CorporateAction",
    "DeadlineExtended",
    "Deal",
    "DealClosed",
    "DealOpened",
    "DealSigned",
    "DealTerminated",
    "DealflowError",
    "DivestitureCompleted",
    "DivestitureQualified",
    "EnactedRule",
    "EnforcementPaused",
    "Enjoined",
    "Event",
    "ExportLicenceRequired",
    "ForeignAdversaryControl",
    "GateRequired",
    "GateStatus",
    "GateWaived",
    "Holding",
    "InjunctionLifted",
    "InputError",
    "MachineError",
    "MachineSpec",
    "MajorityDomesticBoard",
    "MandateEnforced",
    "MandateIssued",
    "MandateLapsed",
    "MandateRevoked",
    "MandateStatus",
    "Money",
    "Not",
    "OrderIssued",
    "OrderRevoked",
    "OrderStatus",
    "Outcome",
    "Party",
    "PartyJoined",
    "Policy",
    "PreliminaryInjunctionDenied",
    "PreliminaryInjunctionGranted",
    "RefusedEvent",
    "RegulatorPolicy",
    "RequireCondition",
    "RestrainingOrderDenied",
    "RestrainingOrderGranted",
    "ReviewExtended",
    "ReviewOpened",
    "RightsGranted",
    "RightsStatus",
    "Role",
    "Rule",
    "RuleContext",
    "RuleEnacted",
    "RuleError",
    "RuleRepealed",
    "RulingIssued",
    "RunResult",
    "ScriptedPolicy",
    "SellerPolicy",
    "Source",
    "Stake",
    "Statement",
    "Status",
    "Structure",
    "SuitAppealed",
    "SuitDismissed",
    "SuitFiled",
    "SuitStatus",
    "SuitWithdrawn",
    "Terms",
    "TermsAgreed",
    "TermsProposed",
    "TrustedPartnerCustody",
    "UnknownParty",
    "Verdict",
    "View",
    "event_from_dict",
    "event_to_dict",
    "events_from_json",
    "events_to_json",
    "load_case",
    "register_rule",
    "registered_rules",
    "replay",
    "rule_from_spec",
    "run",
]
