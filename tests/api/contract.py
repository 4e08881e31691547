"""What the schemathesis runs (``tests/api/test_schemathesis.py``, ``bench/bench_api_contract.py``)
check: schemathesis's whole default set, with one check made to fit this API's refusals.

``positive_data_acceptance`` wants every schema-valid request accepted (2xx) or refused for a
reason the schema cannot know (401, 403, 404, 409, 429). This API also refuses a well-typed
request with 422 for a rule of the domain that no JSON schema states: a unit out of the
caller's reach, "a phone number or an e-mail", a contest round that has started. Such a refusal
carries the service's message and no validation ``type``; a refusal from the API's own type
validation (pydantic) carries one per field. :func:`valid_data_passes_type_validation` keeps
the check for the latter, which is what it is for: the API must not be stricter than its schema.
"""

from __future__ import annotations

from schemathesis.checks import positive_data_acceptance
from schemathesis.openapi.checks import RejectedPositiveData


def _is_domain_refusal(response) -> bool:
    if response.status_code != 422:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict) or "code" not in body:
        return False
    return not any(isinstance(error, dict) and error.get("type") for error in body.get("errors") or [])


def valid_data_passes_type_validation(ctx, response, case):
    """``positive_data_acceptance``, except for a 422 refusal by a rule of the domain."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _is_domain_refusal(response):
            return None
        raise


EXCLUDED_CHECKS = [positive_data_acceptance]
ADDITIONAL_CHECKS = [valid_data_passes_type_validation]
