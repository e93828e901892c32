"""dealflow: regulated deal negotiations as state machines.

Parties, terms, bids, approval gates, rules, mandates and agents, composed into a
deal that applies dated events, keeps its journal and replays.  The public names
are listed in ``__all__``; everything else lives in private modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._advocacy import MeetingHeld
from ._agreement import Consideration, Contract, ExtensionOption, Fee, Payment, Precedent, Prepayment, TickingFee
from ._contract import FeePaid, TerminationAgreed
from ._deal import (
    ApprovalStatus,
    BidStatus,
    Change,
    ContractStatus,
    Deal,
    EnactedRule,
    GateStatus,
    MandateStatus,
    RemedyStatus,
    Status,
    replay,
)
from ._errors import (
    DealflowError,
    InputError,
    LimitError,
    MachineDefinitionError,
    RefusedEvent,
    RuleError,
    UnknownParty,
    UsageError,
)
from ._events import (
    EVENT_TYPES,
    ApprovalRequired,
    ApprovalWaived,
    Approved,
    BidAccepted,
    BidRejected,
    BidRevised,
    BidSubmitted,
    BidWithdrawn,
    Blocked,
    ConditionallyApproved,
    ConditionMet,
    ConditionWaived,
    DeadlineExtended,
    DealAbandoned,
    DealClosed,
    DealOpened,
    DealSigned,
    DealTerminated,
    DivestitureQualified,
    EnforcementPaused,
    Enjoined,
    Event,
    GateRequired,
    GateScoped,
    GateWaived,
    InjunctionLifted,
    MandateEnforced,
    MandateIssued,
    MandateLapsed,
    MandateRevoked,
    OutsideDateExtended,
    PartyJoined,
    RemedyAccepted,
    RemedyBuyerCleared,
    RemedyCompleted,
    RemedyDischarged,
    RemedyOffered,
    ReviewExtended,
    ReviewOpened,
    RuleEnacted,
    RuleRepealed,
    Statement,
    TermsAgreed,
    TermsProposed,
    VoteHeld,
)
from ._gc import bulk
from ._go_shop import GoShopEnded
from ._lapses import Lapse, OutsideDatePassed
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
from ._now import Possibility
from ._orders import DivestitureCompleted, OrderDeferred, OrderIssued, OrderRevoked, OrderStatus
from ._referrals import (
    Referral,
    ReferralAccepted,
    ReferralDeclined,
    ReferralJoined,
    ReferralRequested,
    RemediesDeclined,
)
from ._review import (
    ClockRestarted,
    ClockStopped,
    CloseProjection,
    Finding,
    GateReview,
    NoticeAccepted,
    PhaseExtended,
    PhaseOpened,
    RemediesOffered,
    ReviewExpired,
    ReviewFiled,
    ReviewFinding,
    ReviewRefiled,
)
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
    from ._html import deal_html
    from ._library import bundled_cases, case_path
    from ._serde import event_from_dict, event_to_dict, events_from_json, events_to_json
    from ._specs import spec_converter

# loaded on first use, keeping `import dealflow` light (cattrs loads with _serde)
_LAZY = {
    **dict.fromkeys(("event_from_dict", "event_to_dict", "events_from_json", "events_to_json"), "_serde"),
    **dict.fromkeys(("Case", "load_case"), "_case"),
    **dict.fromkeys(("bundled_cases", "case_path"), "_library"),
    "spec_converter": "_specs",
    "deal_html": "_html",
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
    if name == "__version__":  # from the installed metadata, read on first use
        from ._version import version

        return version()
    module = _LAZY.get(name)
    if module is None:
        from ._errors import deprecated_alias

        alias = deprecated_alias(name)
        if alias is not None:
            return alias
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
    "ApprovalRequired",
    "ApprovalStatus",
    "ApprovalWaived",
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
    "ClockRestarted",
    "ClockStopped",
    "CloseProjection",
    "Condition",
    "ConditionMet",
    "ConditionWaived",
    "ConditionallyApproved",
    "ConsentGiven",
    "Consideration",
    "Contract",
    "ContractStatus",
    "CorporateAction",
    "DeadlineExtended",
    "Deal",
    "DealAbandoned",
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
    "ExtensionOption",
    "Fee",
    "FeePaid",
    "Finding",
    "ForeignAdversaryControl",
    "GateRequired",
    "GateReview",
    "GateScoped",
    "GateStatus",
    "GateWaived",
    "GoShopEnded",
    "Holding",
    "InjunctionLifted",
    "InputError",
    "Lapse",
    "LimitError",
    "MachineDefinitionError",
    "MachineSpec",
    "MajorityDomesticBoard",
    "MandateEnforced",
    "MandateIssued",
    "MandateLapsed",
    "MandateRevoked",
    "MandateStatus",
    "MeetingHeld",
    "Money",
    "Not",
    "NoticeAccepted",
    "OrderDeferred",
    "OrderIssued",
    "OrderRevoked",
    "OrderStatus",
    "Outcome",
    "OutsideDateExtended",
    "OutsideDatePassed",
    "Party",
    "PartyJoined",
    "Payment",
    "PhaseExtended",
    "PhaseOpened",
    "Policy",
    "Possibility",
    "Precedent",
    "PreliminaryInjunctionDenied",
    "PreliminaryInjunctionGranted",
    "Prepayment",
    "Referral",
    "ReferralAccepted",
    "ReferralDeclined",
    "ReferralJoined",
    "ReferralRequested",
    "RefusedEvent",
    "RegulatorPolicy",
    "RemediesDeclined",
    "RemediesOffered",
    "RemedyAccepted",
    "RemedyBuyerCleared",
    "RemedyCompleted",
    "RemedyDischarged",
    "RemedyOffered",
    "RemedyStatus",
    "RequireCondition",
    "RestrainingOrderDenied",
    "RestrainingOrderGranted",
    "ReviewExpired",
    "ReviewExtended",
    "ReviewFiled",
    "ReviewFinding",
    "ReviewOpened",
    "ReviewRefiled",
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
    "TerminationAgreed",
    "Terms",
    "TermsAgreed",
    "TermsProposed",
    "TickingFee",
    "TrustedPartnerCustody",
    "UnknownParty",
    "UsageError",
    "Verdict",
    "View",
    "VoteHeld",
    "bulk",
    "bundled_cases",
    "case_path",
    "deal_html",
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
    "spec_converter",
]
