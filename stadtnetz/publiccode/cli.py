# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Command line: ``validate PATH... [--format text|json] [--network] [--lang en|de]``.

Exit status: 0 when every file is valid (warnings allowed), 1 when at least one file has an
error, 2 on usage errors. JSON output is a list of ``{"file", "valid", "results": [...]}``.
Text output uses the reference parser's ``FILE:LINE:COL: error|warning: KEY: DESCRIPTION``.
"""

from __future__ import annotations

import argparse
import json
import sys

from .validator import DEFAULT_MAX_BYTES, validate, validate_file


def build_parser(prog: str = "stadtnetz publiccode") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Validate publiccode.yml files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("validate", help="validate one or more publiccode.yml files")
    check.add_argument("paths", nargs="+", metavar="PATH", help="file to validate ('-' = stdin)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--network", action="store_true", help="also check URL reachability and remote files"
    )
    check.add_argument(
        "--base-path", default=None, help="directory for relative paths (default: the file's)"
    )
    check.add_argument(
        "--lang", choices=("en", "de"), default="en", help="language of the text output"
    )
    check.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse exits with 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    reports = []
    for path in args.paths:
        if path == "-":
            data = sys.stdin.buffer.read(args.max_bytes + 1)
            result = validate(
                data, base_path=args.base_path, network=args.network, max_bytes=args.max_bytes
            )
        else:
            result = validate_file(
                path, base_path=args.base_path, network=args.network, max_bytes=args.max_bytes
            )
        reports.append((path, result))
    if args.format == "json":
        payload = [
            {
                "file": path,
                "valid": result.valid,
                "results": result.to_list(german=args.lang == "de"),
            }
            for path, result in reports
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for path, result in reports:
            for item in result.results:
                text = item.description_de if args.lang == "de" else item.description
                key = f"{item.key}: " if item.key else ""
                sys.stdout.write(f"{path}:{item.line}:{item.column}: {item.type}: {key}{text}\n")
            status = "valid" if result.valid else "invalid"
            sys.stdout.write(
                f"{path}: {status} ({len(result.errors)} errors, {len(result.warnings)} warnings)\n"
            )
    return 0 if all(result.valid for _, result in reports) else 1
