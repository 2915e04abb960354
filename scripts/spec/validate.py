"""Validate every vendor's effective OpenAPI document (vendor bytes + overlay).

python -m scripts.spec.validate
"""

from __future__ import annotations

import argparse
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from scripts.spec.effective_spec import effective_spec
from scripts.spec.provenance import load_sources


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    failed = False
    for vendor in load_sources():
        try:
            validate(effective_spec(vendor))
        except OpenAPIValidationError as error:
            failed = True
            print(f"validate: {vendor}: {error.message}", file=sys.stderr)
        else:
            print(f"validate: {vendor}: valid")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
