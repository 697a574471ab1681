"""`saveplan rules` as text (the list of codes, or one code in full) and as JSON. The rows
come from saveplan.rule_docs."""

from __future__ import annotations

import json

from saveplan.rule_docs import RuleRow


def _plain(text: str) -> str:
    return text.replace("`", "")


def rules_json(rows: list[RuleRow]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def rules_text(rows: list[RuleRow], asked: str | None = None) -> str:
    """One line a code; one code in full when `asked` names (or starts) exactly one."""
    if len(rows) > 1 or asked is None:
        lines = [f"{r['code']}  {r['severity']:<7}  {r['summary']}" for r in rows]
        return "\n".join([*lines, "", "`saveplan rules CODE` explains one: what it checks and how to fix it.",
                          ""])
    [r] = rows
    lines = [f"{r['code']} ({r['severity']}): {r['summary']}"]
    if r["family"]:
        lines.append(f"Family: {_plain(r['family'])}")
    lines += ["", f"What it checks: {_plain(r['checks'])}", "", f"How to fix: {_plain(r['fix'])}", "",
              f"To leave it out: saveplan check --ignore {r['code']}, or check: {{ignore: [{r['code']}]}} "
              "in saveplan.yaml.", ""]
    return "\n".join(lines)
