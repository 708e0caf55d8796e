"""List the functions longer than a limit (default 60 lines), outside tests and migrations.

    python scripts/long_functions.py [--limit 60]

Exits non-zero when any is found, so `make lint` keeps functions short enough to read at once.
"""

import argparse
import ast
import sys
from pathlib import Path

ROOTS = ["memorial", "people", "camps", "deportations", "scripts"]


def long_functions(limit):
    for root in ROOTS:
        for path in sorted(Path(root).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > limit:
                        yield length, f"{path}:{node.lineno} {node.name}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60)
    found = sorted(long_functions(parser.parse_args().limit), reverse=True)
    for length, where in found:
        print(f"{length:4d}  {where}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
