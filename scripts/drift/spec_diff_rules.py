"""Class a change by its rule: its oasdiff id, and whether it breaks a client.

The ids are oasdiff's checker rule ids, copied exactly (github.com/oasdiff/oasdiff at
22e7c330, checker/localizations_src/en/messages.yaml and docs/BREAKING-CHANGES-EXAMPLES.md),
so a reader can look each one up. Levels follow oasdiff's: ERR and WARN (a "potential breaking
change") are breaking, INFO is not, except the rules in CLIENT_OVERRIDES, where oasdiff judges as
an API owner and hangup is a client. Changes oasdiff has no checker rule for carry an id that
starts with ``hangup-`` so nobody looks for them in oasdiff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["breaking", "non-breaking"]
BREAKING: Level = "breaking"
NON_BREAKING: Level = "non-breaking"

# oasdiff rule id -> oasdiff's level (ERR / WARN / INFO), as its checker/rules.go declares it.
OASDIFF_LEVELS: dict[str, str] = {
    # operations
    "endpoint-added": "INFO",
    "api-path-removed-without-deprecation": "ERR",
    "api-path-removed-with-deprecation": "INFO",
    "api-path-removed-before-sunset": "ERR",
    "api-path-sunset-parse": "ERR",
    "api-removed-without-deprecation": "ERR",
    "api-removed-with-deprecation": "INFO",
    "api-removed-before-sunset": "ERR",
    "endpoint-deprecated": "INFO",
    "endpoint-reactivated": "INFO",
    "api-operation-id-added": "INFO",
    "api-operation-id-removed": "INFO",
    "api-schema-removed": "INFO",
    # parameters
    "new-required-request-parameter": "ERR",
    "new-optional-request-parameter": "INFO",
    "new-request-path-parameter": "ERR",
    "request-parameter-removed": "WARN",
    "request-parameter-became-required": "ERR",
    "request-parameter-became-optional": "INFO",
    "request-parameter-type-changed": "ERR",
    "request-parameter-became-enum": "ERR",
    "request-parameter-enum-value-added": "INFO",
    "request-parameter-enum-value-removed": "ERR",
    "request-parameter-deprecated": "INFO",
    "request-parameter-reactivated": "INFO",
    # request bodies
    "request-body-added-required": "ERR",
    "request-body-added-optional": "INFO",
    "request-body-became-required": "ERR",
    "request-body-became-optional": "INFO",
    "request-body-media-type-added": "INFO",
    "request-body-media-type-removed": "ERR",
    "request-body-type-changed": "ERR",
    "request-body-one-of-added": "INFO",
    "request-body-one-of-removed": "ERR",
    "request-body-any-of-added": "INFO",
    "request-body-any-of-removed": "ERR",
    "new-required-request-property": "ERR",
    "new-optional-request-property": "INFO",
    "request-property-removed": "WARN",
    "request-property-became-required": "ERR",
    "request-property-became-optional": "INFO",
    "request-property-type-changed": "ERR",
    "request-property-became-nullable": "INFO",
    "request-property-became-not-nullable": "ERR",
    "request-property-became-enum": "ERR",
    "request-property-enum-value-added": "INFO",
    "request-property-enum-value-removed": "ERR",
    "request-property-one-of-added": "INFO",
    "request-property-one-of-removed": "ERR",
    "request-property-any-of-added": "INFO",
    "request-property-any-of-removed": "ERR",
    # responses
    "response-success-status-added": "INFO",
    "response-success-status-removed": "ERR",
    "response-non-success-status-added": "INFO",
    "response-non-success-status-removed": "INFO",
    "response-media-type-added": "INFO",
    "response-media-type-removed": "ERR",
    "response-body-type-changed": "ERR",
    "response-body-one-of-added": "ERR",
    "response-body-one-of-removed": "INFO",
    "response-body-any-of-added": "INFO",
    "response-body-any-of-removed": "INFO",
    "response-required-property-added": "INFO",
    "response-optional-property-added": "INFO",
    "response-required-property-removed": "ERR",
    "response-optional-property-removed": "WARN",
    "response-property-became-optional": "ERR",
    "response-property-became-required": "INFO",
    "response-property-type-changed": "ERR",
    "response-property-became-nullable": "ERR",
    "response-property-enum-value-added": "WARN",
    "response-property-enum-value-removed": "INFO",
    "response-property-one-of-added": "ERR",
    "response-property-one-of-removed": "INFO",
    "response-property-any-of-added": "INFO",
    "response-property-any-of-removed": "INFO",
    # security
    "api-security-component-added": "INFO",
    "api-security-component-removed": "INFO",
    "api-security-component-type-changed": "INFO",
    "api-security-added": "INFO",
    "api-security-removed": "INFO",
    "api-global-security-added": "INFO",
    "api-global-security-removed": "INFO",
}

# Where a client's view differs from oasdiff's (which judges whether the API owner may ship).
CLIENT_OVERRIDES: dict[str, tuple[Level, str]] = {
    "api-security-component-removed": (
        BREAKING,
        "a client that sends the removed scheme's credential is refused",
    ),
    "api-security-component-type-changed": (
        BREAKING,
        "the credential a client sends no longer has the shape the API wants",
    ),
    "api-security-removed": (BREAKING, "a client using the removed alternative is refused"),
    "api-global-security-removed": (
        BREAKING,
        "a client using the removed alternative is refused",
    ),
    "api-operation-id-removed": (
        BREAKING,
        "generated function and module names come from the operationId",
    ),
}

# Changes oasdiff's checker has no rule for; hangup reports them under these ids.
HANGUP_RULES: dict[str, tuple[Level, str]] = {
    "hangup-security-component-changed": (
        BREAKING,
        "a security scheme's header name, location or HTTP scheme changed",
    ),
    "hangup-server-removed": (BREAKING, "a base URL a client may be using is gone"),
    "hangup-server-added": (NON_BREAKING, "a new base URL is offered"),
    "hangup-overlay-target-missing": (
        BREAKING,
        "one of our overlay's corrections no longer applies to the upstream document",
    ),
    "hangup-docs-changed": (
        BREAKING,
        "a transcribed docs page changed: nobody knows what changed until it is re-transcribed",
    ),
    "hangup-docs-baseline-missing": (
        NON_BREAKING,
        "no sha256 recorded for a docs page yet: `make drift UPDATE=1` records it",
    ),
}


def level_of(rule_id: str) -> Level:
    """Return how a client should class a change of this rule (KeyError if it is unknown)."""
    if rule_id in HANGUP_RULES:
        return HANGUP_RULES[rule_id][0]
    if rule_id in CLIENT_OVERRIDES:
        return CLIENT_OVERRIDES[rule_id][0]
    return BREAKING if OASDIFF_LEVELS[rule_id] in ("ERR", "WARN") else NON_BREAKING


@dataclass(frozen=True)
class Change:
    """One difference a client may care about, named by its oasdiff rule id."""

    rule_id: str
    level: Level
    operation: str | None  # "POST /chatbot/{id}/run"; None for a document-wide change
    detail: str
    touches: tuple[str, ...] = ()  # operations a document-wide change bears on

    @property
    def operations(self) -> tuple[str, ...]:
        """Every operation this change bears on."""
        return (self.operation, *self.touches) if self.operation else self.touches


def change(
    rule_id: str,
    operation: str | None,
    detail: str,
    touches: Iterable[str] = (),
    level: Level | None = None,
) -> Change:
    """Build a Change whose level is its rule's, unless the caller knows better."""
    return Change(rule_id, level or level_of(rule_id), operation, detail, tuple(touches))
