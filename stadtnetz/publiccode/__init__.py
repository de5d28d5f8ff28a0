# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""publiccode.yml parser and validator (pure Python, no Django).

Usage::

    from stadtnetz.publiccode import validate, validate_file

    result = validate(yaml_bytes, base_path="/path/to/repository")
    result.valid          # True when there is no error (warnings allowed)
    result.results        # [Result(type, key, description, line, column), ...]
    result.results[0].description_de   # German text for the UI
    result.document       # parsed publiccode.yml as plain data

See :mod:`stadtnetz.publiccode.validator` for the checks and the limits on hostile input.
"""

from .messages import MESSAGES, Result, ValidationResult, describe, describe_de
from .validator import (
    DEFAULT_MAX_BYTES,
    MAX_NODES,
    MAX_RESULTS,
    find_key_position,
    validate,
    validate_file,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_NODES",
    "MAX_RESULTS",
    "MESSAGES",
    "Result",
    "ValidationResult",
    "describe",
    "describe_de",
    "find_key_position",
    "validate",
    "validate_file",
]
