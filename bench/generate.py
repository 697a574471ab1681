"""Realistic, deterministic save plans for the benchmark (and for tests).

    from bench.generate import generate, mistake_for
    paths = generate(Path(tmp), 1000, seed=20261125)   # tmp/saveplan.yaml + tmp/plans/*.yaml

or from the shell (the repo's venv; nothing else needed):

    .venv/bin/python bench/generate.py /tmp/ws -n 1000 --seed 20261125

What it writes, for `saveplan check --today 2026-11-25` (`TODAY` below):

- `saveplan.yaml`: a roster of 19 people (csm, manager, director, vp) and the default
  approval matrix, written out as a team would;
- `plans/<slug>.yaml`: one plan per account, with distinct account names, 3 to 5 actions,
  dates written as ISO dates, `day N` and `week N`, indicator readings, concessions on
  some plans, comments, flow and block styles, quoted and folded strings, UTF-8 names;
  contract 1.1's keys where a clean plan needs them: `updates` on active plans, and on
  closed ones `outcome.arr`, a debrief and the follow-up or win-back `touches`;
- every plan is clean (no finding at all, warnings included) except plan `i` where
  `mistake_for(i)` names a mistake: one plan in 50 (2%), cycling through `MISTAKES`
  (a typo in a key, a missing owner, a discount as the first move, an overdue action,
  a discount beyond its approver's authority).

Plan `i` depends only on `(seed, i)`, so the plans of a 1,000-plan workspace are the first
1,000 of the 10,000-plan one with the same seed. Standard library only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 25)  # the benchmark runs `saveplan check --today 2026-11-25`
DEFAULT_SEED = 20261125
MISTAKE_EVERY = 50  # one plan in 50 (2%) carries a mistake...
MISTAKE_OFFSET = 17  # ...plans 17, 67, 117, ...
MISTAKES: tuple[str, ...] = ("typo_key", "missing_owner", "discount_first", "overdue_action",
                             "over_authority")
# the codes each mistake is expected to raise (at least one of them, and no other)
MISTAKE_CODES: dict[str, frozenset[str]] = {
    "typo_key": frozenset({"SP103", "SP101", "SP202", "SP205", "SP210", "SP220", "SP231", "SP232"}),
    "missing_owner": frozenset({"SP101"}),
    "discount_first": frozenset({"SP221", "SP222"}),
    "overdue_action": frozenset({"SP301"}),
    "over_authority": frozenset({"SP401"}),
}

# -- the team (saveplan.yaml) ----------------------------------------------------------

ROLES = ("csm", "manager", "director", "vp")
ROSTER: dict[str, tuple[str, str]] = {  # id -> (name, role)
    "maria": ("Maria Lopez", "csm"),
    "tomas": ("Tomas Berg", "csm"),
    "nadia": ("Nadia Osei", "csm"),
    "li": ("Li Wei", "csm"),
    "omar": ("Omar Haddad", "csm"),
    "chloe": ("Chloé Martin", "csm"),
    "arjun": ("Arjun Mehta", "csm"),
    "fatima": ("Fatima Zahra", "csm"),
    "lukas": ("Lukas Novák", "csm"),
    "grace": ("Grace Okafor", "csm"),
    "diego": ("Diego Ramírez", "csm"),
    "hana": ("Hana Suzuki", "csm"),
    "sam": ("Sam Reed", "manager"),
    "rachel": ("Rachel Nguyen", "manager"),
    "kofi": ("Kofi Mensah", "manager"),
    "elena": ("Elena Petrova", "manager"),
    "jordan": ("Jordan Kim", "director"),
    "ines": ("Inês Costa", "director"),
    "alex": ("Alex Chen", "vp"),
}
CSMS = [pid for pid, (_, role) in ROSTER.items() if role == "csm"]
MANAGERS = [pid for pid, (_, role) in ROSTER.items() if role == "manager"]


def people_from(role: str) -> list[str]:
    """Roster ids whose role is `role` or higher."""
    least = ROLES.index(role)
    return [pid for pid, (_, r) in ROSTER.items() if ROLES.index(r) >= least]


# -- vocabulary ------------------------------------------------------------------------

FIRST_WORDS = [
    "Northwind", "Contoso", "Fabrikam", "Tailspin", "Woodgrove", "Proseware", "Litware",
    "Adventure Works", "Alpine Ski", "Blue Yonder", "Coho", "Consolidated", "Fourth Coffee",
    "Humongous", "Lamna", "Margie's", "Relecloud", "Southridge", "Trey", "VanArsdel",
    "Wingtip", "Wide World", "A. Datum", "Bellows", "Lucerne", "Munson's", "Tasmanian",
    "Cascade", "Redwood", "Harbor", "Summit", "Granite", "Juniper", "Maple", "Orchid",
    "Pioneer", "Quartz", "Silverline", "Beacon", "Copperfield", "Driftwood", "Evergreen",
    "Foxglove", "Gullwing", "Highland", "Ironbridge", "Kestrel", "Nordlicht", "Sørensen",
    "Crème", "Zenith", "Oakmont", "Bluewater", "Riverside", "Stonegate",
]
SECOND_WORDS = [
    "Analytics", "Bank", "Toys", "Importers", "Logistics", "Health", "Energy", "Foods", "Media",
    "Software", "Pharma", "Travel", "Insurance", "Robotics", "Studios", "Retail", "Labs",
    "Freight", "Clinics", "Motors", "Telecom", "Capital", "Learning", "Outfitters", "Books",
    "Brewing", "Dental", "Engineering", "Games", "Hotels",
]
SUFFIXES = ["", "", "", "", " Ltd", " Inc.", " GmbH", " Group", " & Co", " S.A.", " Partners",
            " Holdings", " (EMEA)", " North America"]

GIVEN = ["Priya", "Lee", "Ana", "Dana", "Marcus", "Keiko", "Helen", "Raj", "Sofia", "Laura", "Tom",
         "Aisha", "Gregory", "Mei", "Olivia", "Carlos", "Ben", "José", "Zoë", "Søren", "Amara",
         "Hiroshi", "Ingrid", "Mateo", "Nora", "Pavel", "Quinn", "Rosa", "Tariq", "Ursula", "Viktor",
         "Wen", "Yusuf", "Élodie", "Björn", "Chiara", "Dmitri", "Farah", "Gianni", "Imani"]
FAMILY = ["Shah", "Park", "Ruiz", "Whitfield", "Bell", "Tanaka", "Carter", "Patel", "Marin",
          "Mendes", "Fischer", "Rahman", "Hale", "Lin", "Grant", "Diaz", "Okafor", "Álvarez",
          "Müller", "Nielsen", "Adeyemi", "Sato", "Larsen", "Moreau", "Kowalski", "O'Brien",
          "Rossi", "Schmidt", "Takahashi", "Van Dijk", "Wójcik", "Yilmaz", "Zhou", "Haddad",
          "Ivanova", "Johansson", "Kaur", "Lindqvist", "Novak", "Petrov"]

KPIS = {
    "economic_buyer": ["Cost per report", "Operating expenses against FY2026", "Cost-to-income ratio",
                       "Landed cost per container", "Software spend per employee",
                       "Operations cost per client account", "Payback period of tooling"],
    "champion": ["Reports shipped per week", "Days to onboard a new hire", "Stockouts on top-100 products",
                 "Days to prepare the quarterly audit pack", "Time to close a ticket",
                 "Forecast accuracy", "Campaigns launched per month"],
    "daily_user": ["Access tickets per week", "Shipments cleared per day", "Reports automated per month",
                   "Minutes spent on manual exports", "Orders processed per hour"],
    "executive_sponsor": ["Analytics adoption", "Open regulatory findings", "Net revenue retention",
                          "Board-level digital programme milestones"],
    "other": ["On-time customs clearance", "Security review sign-off", "Procurement cycle time",
              "Vendor consolidation target"],
}

SIGNALS = ["health_drop", "engagement_decline", "negative_feedback", "competitive", "budget_pressure",
           "champion_left", "stakeholder_change", "usage_decline", "business_change",
           "cancellation_request"]
MONTHS = ["June", "July", "August", "September", "October", "November"]
COMPETITORS = ["Globex", "Initech", "Umbrella Analytics", "Hooli", "Vandelay Software", "Stark Cloud"]
SIGNAL_NOTES: dict[str, list[str]] = {
    "health_drop": ["Health score {a}, down from {b} in {month}.",
                    "Health score in the bottom quartile of the book since {month}."],
    "engagement_decline": ["Skipped the {month} QBR and declined {k} of {m} training sessions.",
                           "No reply to the last {k} check-in emails."],
    "negative_feedback": ["NPS fell from {b10} to {a10}; \"we cannot see what we get for the price\".",
                          "CSAT {csat}/5 on the last {m} tickets."],
    "competitive": ["Their team is trialling {competitor} in one region.",
                    "Procurement asked {competitor} for a quote in {month}."],
    "budget_pressure": ["The CFO froze every software renewal above ${k}0K pending a vendor review.",
                        "FY2027 software budget cut by {pct}% after a weak Q3."],
    "champion_left": ["{person}, the champion who bought us, left in {month}.",
                      "The champion moved to another business unit; the new admin has no training."],
    "stakeholder_change": ["A new COO started in {month} and is reviewing every vendor.",
                           "The economic buyer changed after a reorganisation in {month}."],
    "usage_decline": ["Weekly active users fell from {b} to {a} since {month}.",
                      "Daily active admins fell from {k} to 1 since the last release."],
    "business_change": ["Acquired by {competitor} Holdings in {month}; systems are being consolidated.",
                        "Headcount cut by {pct}% in {month} after a weak quarter."],
    "cancellation_request": ["Sent a notice of non-renewal on {when}.",
                             "Asked support how to export their data before the renewal."],
}

CATEGORIES = ["service_experience", "value_perception", "product_fit", "circumstantial"]
CATEGORY_WEIGHTS = [35, 30, 15, 20]
SUMMARIES: dict[str, list[str]] = {
    "service_experience": [
        "Failed onboarding of the analytics module.",
        "Since release 4.{k} the SSO sync skips accounts with accented names; a defect on our side.",
        "Three CSM changes in a year; nobody owned the relationship after {month}.",
        "Slow answers on P1 tickets in {month} broke their trust in our support.",
    ],
    "value_perception": [
        "The automation was adopted by one team only; the buyer sees a cost line, not the hours saved.",
        "They never connected the product to their {kpi_word} goals.",
        "Only {pct}% of the licensed seats are active, so the price looks high.",
    ],
    "product_fit": [
        "They need multi-entity consolidation, which is not on our roadmap before 2028.",
        "The mobile app lacks offline mode, which their field teams rely on.",
        "Their new data platform needs a connector we do not have.",
    ],
    "circumstantial": [
        "FY2027 software budget cut by {pct}% after sales fell; value is proven.",
        "Acquired in {month}; the parent company freezes new commitments for two quarters.",
        "A hiring freeze halved the team that uses the product; the price is the constraint.",
    ],
}
EVIDENCE = ["usage", "stakeholders", "support", "surveys", "billing", "qbr"]
PLAYBOOKS: dict[str, list[str]] = {
    "service_experience": ["failed-onboarding", "service-relationship", "product-issue"],
    "value_perception": ["value-roi", "champion-departure"],
    "product_fit": ["product-issue", "competitive-threat"],
    "circumstantial": ["budget-economic"],
}
SCENARIOS = {
    "failed-onboarding": "failed onboarding", "service-relationship": "service relationship",
    "product-issue": "product/technical issue", "value-roi": "value/ROI concern",
    "champion-departure": "champion departure", "competitive-threat": "competitive threat",
    "budget-economic": "budget/economic",
}

# (text, customer-side): customer-side actions are owned by a stakeholder
ACTIONS: list[tuple[str, bool]] = [
    ("Run a 45-minute workflow session with {contact}", False),
    ("{contact} completes three reports independently", True),
    ("Share a before/after usage summary with {buyer}", False),
    ("Escalate the open defects to engineering as P1 with a named owner and a fix date", False),
    ("Run the interim workaround, a nightly re-import of the skipped users", True),
    ("Quantify value from usage: hours saved and tickets avoided in 2026", False),
    ("Executive business review with {buyer}, ROI case and the 2027 success plan", False),
    ("Send {buyer} the written options, quarterly payments and a smaller scope", False),
    ("Agree the renewal structure with {buyer} on a commercial call", False),
    ("Name a new internal champion and bring them to the January business review", True),
    ("Onboard the new team as a new customer with a 60-minute dashboard walkthrough", False),
    ("Demo the automated audit pack to the finance team", False),
    ("{contact} shares the list of blocked workflows", True),
    ("Book the renewal call with {buyer} and the executive sponsor", False),
    ("Send a written progress update every Friday until the fix is live", False),
    ("Map the new stakeholders after the reorganisation", False),
    ("{contact} confirms the budget owner for FY2027", True),
    ("Run a competitive comparison workshop with {contact}", False),
    ("Deliver two admin training sessions on the new provisioning settings", False),
    ("Review recovered usage and onboarding time with {buyer}", False),
]
ACTION_IDS = ["kickoff", "session", "summary", "escalate", "workaround", "roi", "ebr", "options",
              "call", "champion", "onboard", "demo", "blockers", "renewal", "updates", "map", "budget",
              "compare", "training", "review"]
ACTION_NOTES = ["ENG-{k}{m}21, owner on the platform team.", "Moved once at the customer's request.",
                "Recording shared in the account channel.", "Agenda sent two days before."]

# (metric, low target, high target, direction, decimals)
METRICS: list[tuple[str, float, float, str, int]] = [
    ("Admin logins in week two", 3, 10, "at_least", 0),
    ("Weekly active users", 50, 400, "at_least", 0),
    ("Reports shipped per week", 5, 40, "at_least", 0),
    ("Open P1 tickets", 0, 3, "at_most", 0),
    ("Sign-in failures from skipped users per week", 2, 10, "at_most", 0),
    ("Seats active in the last 30 days", 20, 200, "at_least", 0),
    ("NPS of the pilot team", 6.5, 8.5, "at_least", 1),
    ("Hours to first response on escalations", 2, 8, "at_most", 1),
    ("Dashboards viewed by the executive sponsor per month", 2, 8, "at_least", 0),
    ("Share of licensed seats active (%)", 60, 90, "at_least", 0),
    ("Finance-team users running the audit pack each week", 4, 15, "at_least", 0),
]
READING_NOTES = ["Baseline before the workaround", "After the training session", "First full week",
                 "Read from the admin console", "Includes the new region"]

MOVES: dict[str, list[tuple[str, str]]] = {  # kind -> (when, offer)
    "renewal": [("value demonstrated", "Annual renewal at the current rate"),
                ("ROI case accepted at the business review", "Annual renewal, signed early"),
                ("fix live and usage back to baseline", "Annual renewal at the current rate")],
    "training": [("adoption still low", "Two admin training sessions, included"),
                 ("the new team is not onboarded", "A half-day onboarding workshop for the new team")],
    "plan_swap": [("only one team keeps using it", "Swap to the lighter tier rather than a discount"),
                  ("advanced features unused", "Move to the standard plan at the next renewal")],
    "extension": [("the fix slips past January", "60-day extension at the current rate"),
                  ("the new director wants time to evaluate", "90-day extension so they decide with data")],
    "scope_reduction": [("a cut is still required", "Drop the unused seats"),
                        ("only the core module is used", "Renew the core module only")],
    "payment_terms": [("budget short on timing, not amount", "Quarterly payments instead of annual upfront")],
    "pause": [("a hiring freeze empties the team", "Pause for one quarter, then resume at the current rate")],
    "other": [("procurement insists on a tender", "Answer the tender with the 2026 ROI numbers")],
    "discount": [("the CFO needs a lower price to keep all seats",
                  "10% off year one for a two-year commitment, standard pricing in year two")],
}
FIRST_MOVES = ["renewal", "renewal", "renewal", "training", "plan_swap", "extension"]
LATER_MOVES = ["training", "plan_swap", "extension", "scope_reduction", "payment_terms", "pause", "other"]

CONCESSION_TEXT: dict[str, tuple[str, str]] = {  # kind -> (sunset, rationale)
    "payment_terms": ("Annual upfront again from the next renewal",
                      "Budget timing, not amount: cash flow is tight until Q2."),
    "enhanced_support": ("Ends 90 days after the fix is live on their tenant",
                         "Named support engineer while the defect we shipped is fixed."),
    "contract_terms": ("Standard terms from the next renewal",
                       "A 60-day termination clause instead of 90, asked by their new legal team."),
    "custom": ("One-off, not renewed", "A custom export connector for the migration, built by services."),
    "discount": ("Standard pricing from year two",
                 "Budget cut confirmed in writing by the CFO; usage is healthy, so price is the constraint."),
}
LEAST_ROLE = {"payment_terms": "csm", "enhanced_support": "manager", "contract_terms": "director",
              "custom": "vp"}
DISCOUNT_ROLE = [(5, "csm"), (15, "manager"), (25, "director"), (100, "vp")]


# -- YAML text -------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][^\n#:{}\[\],&*!|>'\"%@`]*")
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(text: str, r: random.Random | None = None) -> str:
    """`text` as a YAML scalar that reads back as that string, in YAML 1.1 and 1.2 alike:
    plain where that is safe, else double-quoted; `r` quotes a few safe ones too, as people do."""
    plain = (_PLAIN.fullmatch(text) is not None and text == text.strip()
             and text.lower() not in _SPECIAL and not (text[0].isdigit() and " " not in text))
    if plain and (r is None or r.random() >= 0.05):
        return text
    if plain and r is not None and r.random() < 0.5:
        return "'" + text + "'"
    return json.dumps(text, ensure_ascii=False)


def slugify(name: str) -> str:
    """The SPEC's slug: lower-cased, each run of other characters than a-z0-9 made one `-`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def account_names(n: int, seed: int) -> list[str]:
    """`n` account names with distinct slugs; the first k of them do not depend on `n`."""
    combos = [f"{a} {b}{c}" for a in FIRST_WORDS for b in SECOND_WORDS for c in dict.fromkeys(SUFFIXES)]
    random.Random(f"names:{seed}").shuffle(combos)
    names: list[str] = []
    seen: set[str] = set()
    for round_no in itertools.count(1):
        for combo in combos:
            name = combo if round_no == 1 else f"{combo} {round_no}"
            slug = slugify(name)
            if slug not in seen:
                seen.add(slug)
                names.append(name)
                if len(names) == n:
                    return names
    raise AssertionError("unreachable")  # pragma: no cover


def mistake_for(index: int) -> str | None:
    """The mistake plan `index` carries, or None for a clean plan (98% of them)."""
    if index % MISTAKE_EVERY != MISTAKE_OFFSET:
        return None
    return MISTAKES[(index // MISTAKE_EVERY) % len(MISTAKES)]


def roster_text() -> str:
    lines = [
        "# saveplan workspace generated by bench/generate.py (benchmark data, not real accounts)",
        "version: 1",
        "",
        "# The roster: id -> name and role (csm < manager < director < vp).",
        "people:",
    ]
    for pid, (name, role) in ROSTER.items():
        email = f", email: {pid}@example.com" if len(pid) % 2 == 0 else ""
        lines.append(f"  {pid}: {{name: {name}, role: {role}{email}}}")
    lines += [
        "",
        "# The built-in approval matrix, written out so the whole team can see it.",
        "approval:",
        "  csm:      {discount_max: 5,  may: [payment_terms]}",
        "  manager:  {discount_max: 15, may: [payment_terms, enhanced_support]}",
        "  director: {discount_max: 25, may: [payment_terms, enhanced_support, contract_terms]}",
        "  vp:       {discount_max: 100, may: [payment_terms, enhanced_support, contract_terms, custom]}",
        "",
        "value_tiers: {high: 50000, medium: 10000}",
        "",
    ]
    return "\n".join(lines)


# -- one plan --------------------------------------------------------------------------


@dataclass
class _Action:
    do: str
    owner: str
    offset: int  # days after `started`
    due: str  # as written
    done: date | None = None
    id: str | None = None
    note: str | None = None


@dataclass
class _Plan:
    name: str
    owner: str
    status: str
    started: date
    renewal: date
    arr: int
    mistake: str | None
    strategic: list[str] = field(default_factory=list)
    playbook: str | None = None
    signals: list[tuple[str, str | None]] = field(default_factory=list)
    category: str | None = None
    summary: str = ""
    evidence: list[str] = field(default_factory=list)
    probability: str | None = None
    stakeholders: list[tuple[str, str, str | None]] = field(default_factory=list)
    actions: list[_Action] = field(default_factory=list)
    metric: tuple[str, float, float, str, int] = METRICS[0]
    target: float = 0
    check: str = ""
    readings: list[tuple[date, float, str | None]] = field(default_factory=list)
    moves: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, when, offer)
    concessions: list[dict[str, object]] = field(default_factory=list)
    outcome: date | None = None
    outcome_note: str | None = None
    # contract 1.1: customer updates (open plans), and the outcome's details and touches (closed)
    updates: list[tuple[date, str]] = field(default_factory=list)
    outcome_arr: int | None = None
    reason: str | None = None
    debrief: tuple[str, str, str] | None = None
    touches: list[tuple[date, str]] = field(default_factory=list)


def _fill(template: str, r: random.Random, **names: str) -> str:
    b = r.randint(60, 500)
    values = {
        "a": str(r.randint(10, b - 20)), "b": str(b), "a10": str(r.randint(1, 5)),
        "b10": str(r.randint(6, 9)), "k": str(r.randint(2, 9)), "csat": str(r.randint(1, 3)),
        "m": str(r.randint(10, 12)), "pct": str(r.choice([10, 15, 18, 20, 25, 30])),
        "month": r.choice(MONTHS), "competitor": r.choice(COMPETITORS),
        "person": f"{r.choice(GIVEN)} {r.choice(FAMILY)}", "when": "2026-11-0" + str(r.randint(1, 9)),
        "kpi_word": r.choice(["cost", "compliance", "growth", "retention"]), **names,
    }
    return template.format(**values)


def _rel(offset: int, r: random.Random, started: date, limit: int) -> tuple[int, str]:
    """A date `offset` days after `started`, written as an ISO date, `day N` or `week N`
    (a week rounds down to whole weeks, never to 0 and never to `limit` or beyond)."""
    style = r.random()
    if style < 0.25 and offset >= 7 and 7 * (offset // 7) < limit:
        offset = 7 * (offset // 7)
        return offset, f"week {offset // 7}"
    if style < 0.65:
        return offset, f"day {offset}"
    return offset, (started + timedelta(days=offset)).isoformat()


def _add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the month's end (as dateutil's
    relativedelta, which saveplan uses for the win-back months)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


DEBRIEFS = [
    ("The workflow session with the champion and the VP summary",
     "Usage fell for six weeks before anyone looked", "Review admin logins weekly for every new admin"),
    ("Tying the offer to their cost goal", "The budget freeze was public a month before we heard",
     "Ask about the budget cycle at every QBR"),
    ("A named engineer on their tickets", "Three CSM changes in a year", "One owner per account for a year"),
]
REASONS = ["Chose a cheaper tool after the budget cut", "Consolidated onto the parent company's vendor",
           "The product gap was not closed in time"]


def _after(plan: _Plan, r: random.Random) -> None:
    """Contract 1.1, so that a clean plan stays clean: an active plan has sent the customer
    an update in the last 7 days (SP305); a closed plan has its outcome's ARR, a debrief
    once 14 days have passed (SP502), its follow-ups or win-back touches within a week of
    their dates (SP503) and, saved, a touch at least every 14 days in recovery (SP504).
    An active plan of high value (or medium and strategic: triage may call it full effort)
    maps an executive sponsor (SP232)."""
    roles = {role for role, _, _ in plan.stakeholders}
    high = plan.arr >= 50000 or (plan.arr >= 10000 and bool(plan.strategic))
    if plan.status == "active" and high and "executive_sponsor" not in roles:
        taken = {person for _, person, _ in plan.stakeholders}
        person = next(name for name in (f"{r.choice(GIVEN)} {r.choice(FAMILY)}" for _ in itertools.count())
                      if name not in taken)
        plan.stakeholders.append(("executive_sponsor", person, r.choice(KPIS["executive_sponsor"])))
    if plan.status == "active":
        elapsed = (TODAY - plan.started).days
        day = elapsed - r.randint(0, min(6, elapsed))
        while day >= 1:
            plan.updates.append((plan.started + timedelta(days=day), "customer"))
            day -= r.randint(4, 7)
        if plan.updates and r.random() < 0.2:
            plan.updates.append((plan.updates[-1][0], "team"))
        plan.updates.sort()
        return
    if plan.outcome is None:
        return
    on = plan.outcome
    if plan.status == "saved":
        plan.outcome_arr = max(3000, round(plan.arr * r.choice([0.8, 0.9, 1.0, 1.0, 1.1]) / 500) * 500)
        planned = [(kind, on + timedelta(days=days))
                   for kind, days in (("check_in", 30), ("review", 60), ("business_review", 90))]
    else:
        plan.outcome_arr = 0 if r.random() < 0.7 else None
        plan.reason = r.choice(REASONS) if r.random() < 0.8 else None
        planned = [("win_back", _add_months(on, months)) for months in (3, 6, 12)]
    if (TODAY - on).days > 14 or r.random() < 0.3:
        plan.debrief = r.choice(DEBRIEFS)
    for kind, due in planned:
        late = (TODAY - due).days
        if late > 7 or (late >= 0 and r.random() < 0.5):
            plan.touches.append((due + timedelta(days=r.randint(0, min(5, late))), kind))
    if plan.status == "saved":  # a contact at least every 14 days in the recovery period
        end = min(TODAY, on + timedelta(days=90))
        contacts = sorted(t for t, _ in plan.touches)
        last = on
        while True:
            nxt = next((t for t in contacts if t > last), None)
            if nxt is not None and (nxt - last).days <= 14:
                last = nxt
                continue
            check = last + timedelta(days=r.randint(7, 13))
            if check > end:
                break
            plan.touches.append((check, "health_check"))
            last = check
    plan.touches.sort()


def _value(r: random.Random, target: float, direction: str, decimals: int, meets: bool) -> float:
    spread = max(1.0, abs(target) * 0.4)
    step = r.uniform(0, spread) if decimals else r.randint(0, int(spread))
    if direction == "at_least":
        value = target + step if meets else target - max(step, 1 if not decimals else 0.5)
    else:
        value = target - step if meets else target + max(step, 1 if not decimals else 0.5)
    value = max(0.0, round(value, decimals))
    if meets and (value < target if direction == "at_least" else value > target):
        value = target  # rounding or the floor at zero crossed the target: meet it exactly
    return value


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else str(int(value))


def _build(index: int, name: str, seed: int) -> _Plan:
    r = random.Random(f"plan:{seed}:{index}")
    mistake = mistake_for(index)
    status = r.choices(["active", "draft", "saved", "churned", "exited"], [70, 15, 8, 4, 3])[0]
    if mistake == "overdue_action":
        status = "active"
    closed = status in ("saved", "churned", "exited")
    if closed:
        started = TODAY - timedelta(days=r.randint(30, 240))
        renewal = started + timedelta(days=r.randint(40, 300))
    else:
        earliest = 20 if mistake == "overdue_action" else 0  # an overdue action needs some past
        started = TODAY - timedelta(days=r.randint(earliest, 75))
        renewal = TODAY + timedelta(days=r.randint(21, 330))
    span = (renewal - started).days
    elapsed = (TODAY - started).days
    outcome = started + timedelta(days=r.randint(14, min(span, elapsed))) if closed else None
    arr = max(3000, round(r.lognormvariate(10.6, 0.9) / 500) * 500)
    owner = r.choice(CSMS) if r.random() < 0.9 else r.choice(MANAGERS)
    plan = _Plan(name=name, owner=owner, status=status, started=started, renewal=renewal, arr=arr,
                 mistake=mistake, outcome=outcome)

    # diagnosis
    category = r.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
    if mistake == "over_authority":
        category = "circumstantial"
    if status == "draft" and r.random() < 0.3 and mistake != "over_authority":
        plan.category = None  # a draft may not be diagnosed yet
    else:
        plan.category = category
        plan.summary = _fill(r.choice(SUMMARIES[category]), r)
        plan.evidence = r.sample(EVIDENCE, r.randint(1, 3))
    plan.playbook = r.choice(PLAYBOOKS[category]) if r.random() < 0.85 else None
    for signal in r.sample(SIGNALS, r.choices([1, 2, 3, 4], [20, 45, 25, 10])[0]):
        note = _fill(r.choice(SIGNAL_NOTES[signal]), r) if r.random() < 0.8 else None
        plan.signals.append((signal, note))
    if r.random() < 0.3:
        plan.probability = r.choice(["high", "medium", "low"])
    if r.random() < 0.25:
        plan.strategic = r.sample(["logo", "reference", "case_study", "growth"], r.randint(1, 3))

    # stakeholders: always the economic buyer, and 1 to 3 other roles
    names = r.sample([f"{g} {f}" for g in r.sample(GIVEN, 6) for f in r.sample(FAMILY, 1)], 4)
    roles = ["economic_buyer", *r.sample(["champion", "daily_user", "executive_sponsor", "other"],
                                         r.randint(1, 3))]
    for role, person in zip(roles, names, strict=False):
        plan.stakeholders.append((role, person, r.choice(KPIS[role]) if r.random() < 0.9 else None))
    buyer = plan.stakeholders[0][1]
    contacts = [s[1] for s in plan.stakeholders[1:]]

    # actions: 3 to 5, due before the renewal; past-due ones are done (open plans)
    count = r.choice([3, 3, 4, 4, 4, 5, 5])
    horizon = min(span, 120)
    offsets = sorted(r.sample(range(1, horizon + 1), count))
    if span > 30 and r.random() < 0.5:
        offsets[-1] = max(offsets[-1], span - r.randint(2, 10))  # the renewal call, near the end
    if mistake == "overdue_action":
        offsets[0] = r.randint(1, min(7, elapsed - 1))
    with_ids = r.random() < 0.25
    picked = r.sample(range(len(ACTIONS)), count)
    for k, (offset, pick) in enumerate(zip(offsets, picked, strict=True)):
        text, customer_side = ACTIONS[pick]
        contact = r.choice(contacts)
        do = text.format(buyer=buyer, contact=contact)
        action_owner = contact if customer_side else owner if r.random() < 0.8 else r.choice(list(ROSTER))
        offset, due = _rel(offset, r, started, span + 1)
        action = _Action(do=do, owner=action_owner, offset=offset, due=due,
                         id=ACTION_IDS[pick] if with_ids else None,
                         note=_fill(r.choice(ACTION_NOTES), r) if r.random() < 0.1 else None)
        due_date = started + timedelta(days=offset)
        if closed:
            done_by = plan.outcome or TODAY
            if status == "saved" or r.random() < 0.7:
                action.done = min(due_date, done_by, TODAY)
        elif mistake == "overdue_action" and k == 0:
            pass  # the mistake: past due, not done
        elif due_date < TODAY:
            lo, hi = max(0, offset - 5), min(offset + 3, elapsed)
            action.done = started + timedelta(days=r.randint(min(lo, hi), hi))
        elif r.random() < 0.15:
            action.done = started + timedelta(days=r.randint(0, elapsed))
        plan.actions.append(action)

    # the leading indicator: checked mid-plan; past its check date it has a reading that meets it
    plan.metric = metric = r.choice(METRICS)
    _, low, high, direction, decimals = metric
    plan.target = round(r.uniform(low, high), decimals) if decimals else r.randint(int(low), int(high))
    check_offset, plan.check = _rel(r.randint(2, min(span - 1, 60)), r, started, span)
    if closed:
        assert plan.outcome is not None
        plan.outcome_note = {"saved": "Renewal signed at the current rate.",
                             "churned": "They moved to a competitor; exit interview booked.",
                             "exited": "Contract ended by mutual agreement after the acquisition."}[status]
        n_readings = r.randint(0, 3)
        last_day = (plan.outcome - started).days
    else:
        check_passed = started + timedelta(days=check_offset) < TODAY
        n_readings = r.randint(1, 3) if check_passed else (r.randint(1, 2) if r.random() < 0.4 else 0)
        last_day = elapsed
    days = sorted(r.sample(range(last_day + 1), min(n_readings, last_day + 1)))
    for j, day in enumerate(days):
        # open plans: the latest reading meets the target (else SP303); closed ones: anything
        meets = r.random() < 0.6 if closed else (j == len(days) - 1 or r.random() < 0.5)
        value = _value(r, plan.target, direction, decimals, meets)
        note = r.choice(READING_NOTES) if r.random() < 0.15 else None
        plan.readings.append((started + timedelta(days=day), value, note))

    # the commercial path: first move first, a discount only for a price-related cause, last
    kinds = [r.choice(FIRST_MOVES)]
    kinds += r.sample([k for k in LATER_MOVES if k != kinds[0]], r.randint(1, 3))
    if plan.category == "circumstantial" and r.random() < 0.5:
        kinds.append("discount")
    if mistake == "discount_first":
        kinds.insert(0, "discount")
    for kind in kinds:
        when, offer = r.choice(MOVES[kind])
        plan.moves.append((kind, when, offer))

    # concessions on some plans, each approved by someone with the authority
    if r.random() < 0.3 or mistake == "over_authority":
        kinds = ["payment_terms", "enhanced_support", "contract_terms", "custom"]
        if plan.category == "circumstantial":
            kinds += ["discount", "discount"]
        for kind in r.sample(kinds, r.randint(1, 2)):
            sunset, rationale = CONCESSION_TEXT[kind]
            c: dict[str, object] = {"kind": kind}
            if kind == "discount":
                percent = r.choice([5, 8, 10, 12, 15, 20, 25, 30])
                role = next(role for limit, role in DISCOUNT_ROLE if percent <= limit)
                c["percent"] = percent
                c["approved_by"] = r.choice(people_from(role))
                c["tied_to"] = r.choice(["Two-year commitment", "Case study published by Q2",
                                         "Three-year term with annual upfront payment"])
            else:
                c["approved_by"] = r.choice(people_from(LEAST_ROLE[kind]))
            c["sunset"] = sunset
            if r.random() < 0.7:
                c["rationale"] = rationale
            plan.concessions.append(c)
        if mistake == "over_authority":
            plan.concessions.append({  # a manager may approve up to 15%
                "kind": "discount", "percent": 20, "approved_by": r.choice(MANAGERS),
                "tied_to": "Two-year commitment", "sunset": "Standard pricing from year two",
                "rationale": "Asked for on the renewal call; approved on the spot."})
    _after(plan, random.Random(f"after:{seed}:{index}"))  # its own stream: the rest stays as it was
    return plan


def _emit(plan: _Plan, r: random.Random) -> str:
    """The plan as YAML text, in the styles people write: comments, flow and block lists,
    indented or flush sequences, quoted and folded strings."""
    out: list[str] = []
    sq = "  " if r.random() < 0.85 else ""  # block sequences indented under their key, or flush
    blank = r.random() < 0.8  # blank lines between sections

    def s(text: str) -> str:
        return scalar(text, r)

    def section() -> None:
        if blank:
            out.append("")

    def comment(text: str, chance: float) -> None:
        if r.random() < chance:
            out.append(f"# {text}")

    scenario = SCENARIOS.get(plan.playbook or "", "diagnosis in progress")
    out.append(f"# Save plan: {plan.name} ({scenario})")
    if r.random() < 0.6:
        full = ROSTER[plan.owner][0]
        out.append(f"# Owner: {full}. Renewal on {plan.renewal.isoformat()}, "
                   f"{(plan.renewal - plan.started).days} days after the start.")
    if r.random() < 0.85:
        out.append("version: 1")
    out += ["account:", f"  name: {s(plan.name)}", f"  arr: {plan.arr}",
            f"  renewal_date: {plan.renewal.isoformat()}"]
    if plan.strategic:
        if r.random() < 0.7:
            out.append(f"  strategic: [{', '.join(plan.strategic)}]")
        else:
            out.append("  strategic:")
            out += [f"  {sq}- {flag}" for flag in plan.strategic]
    out.append(f"owner: {plan.owner}")
    out.append(f"status: {plan.status}" + ("   # diagnosis in progress" if plan.category is None else ""))
    out.append(f"started: {plan.started.isoformat()}")
    if plan.playbook:
        out.append(f"playbook: {plan.playbook}")

    section()
    comment("Diagnose first: the signals say \"at risk\"; the root cause says why.", 0.3)
    out += ["risk:", "  signals:"]
    for signal, note in plan.signals:
        out.append(f"  {sq}- type: {signal}")
        if note:
            out.append(f"  {sq}  note: {s(note)}")
    if plan.category:
        out += ["  root_cause:", f"    category: {plan.category}"]
        if len(plan.summary) > 60 and r.random() < 0.4:
            words, lines, line = plan.summary.split(), [], ""
            for word in words:
                if line and len(line) + len(word) > 70:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            out += ["    summary: >-", *(f"      {part}" for part in [*lines, line])]
        else:
            out.append(f"    summary: {s(plan.summary)}")
        if r.random() < 0.75:
            out.append(f"    evidence: [{', '.join(plan.evidence)}]")
        else:
            out.append("    evidence:")
            out += [f"    {sq}- {e}" for e in plan.evidence]
    else:
        out.append("  # No root cause yet: confirm it before the plan goes active.")
    if plan.probability:
        out.append(f"  probability: {plan.probability}" + ("   # our best guess" if r.random() < 0.3 else ""))

    section()
    comment("Never rely on one contact: speak to each of them in their own KPI.", 0.3)
    out.append("stakeholders:")
    flow = r.random() < 0.65
    for role, person, kpi in plan.stakeholders:
        if flow:
            out.append(f"{sq}- {{role: {role}, name: {s(person)}" + (f", kpi: {s(kpi)}}}" if kpi else "}"))
        else:
            out += [f"{sq}- role: {role}", f"{sq}  name: {s(person)}"]
            if kpi:
                out.append(f"{sq}  kpi: {s(kpi)}")

    section()
    comment(f"{len(plan.actions)} actions, each with an owner and a date; day N counts from `started`.", 0.4)
    out.append("actions:")
    for action in plan.actions:
        first = f"{sq}- "
        rest = f"{sq}  "
        if action.id:
            out += [f"{first}id: {action.id}", f"{rest}do: {s(action.do)}"]
        else:
            out.append(f"{first}do: {s(action.do)}")
        out.append(f"{rest}owner: {s(action.owner)}")
        out.append(f"{rest}due: {action.due}")
        if action.done:
            out.append(f"{rest}done: {action.done.isoformat()}")
        if action.note:
            out.append(f"{rest}note: {s(action.note)}")

    section()
    comment("One leading indicator, checked mid-plan.", 0.4)
    metric, _, _, direction, decimals = plan.metric
    out += ["leading_indicator:", f"  metric: {s(metric)}", f"  target: {_number(plan.target, decimals)}"]
    if direction == "at_most" or r.random() < 0.3:
        out.append(f"  direction: {direction}")
    out.append(f"  check: {plan.check}")
    if plan.readings:
        out.append("  readings:")
        flow = r.random() < 0.7
        for on, value, note in plan.readings:
            if flow:
                out.append(f"  {sq}- {{on: {on.isoformat()}, value: {_number(value, decimals)}"
                           + (f", note: {s(note)}}}" if note else "}"))
            else:
                out += [f"  {sq}- on: {on.isoformat()}", f"  {sq}  value: {_number(value, decimals)}"]
                if note:
                    out.append(f"  {sq}  note: {s(note)}")

    section()
    comment("Decided before the renewal call, first move first.", 0.4)
    out.append("commercial_path:")
    for kind, when, offer in plan.moves:
        out += [f"{sq}- when: {s(when)}", f"{sq}  kind: {kind}", f"{sq}  offer: {s(offer)}"]

    if plan.concessions:
        section()
        out.append("concessions:")
        for c in plan.concessions:
            out.append(f"{sq}- kind: {c['kind']}")
            if "percent" in c:
                note = "   # needs the right approver" if r.random() < 0.3 else ""
                out.append(f"{sq}  percent: {c['percent']}{note}")
            out.append(f"{sq}  approved_by: {c['approved_by']}")
            for key in ("tied_to", "sunset"):
                if key in c:
                    out.append(f"{sq}  {key}: {s(str(c[key]))}")
            if "rationale" in c:
                if r.random() < 0.4:
                    out += [f"{sq}  rationale: >-", f"{sq}    {c['rationale']}"]
                else:
                    out.append(f"{sq}  rationale: {s(str(c['rationale']))}")

    if plan.updates:
        section()
        out.append("updates:")
        out += [f"{sq}- {{on: {on.isoformat()}, to: {to}}}" for on, to in plan.updates]

    if plan.outcome:
        section()
        out += ["outcome:", f"  on: {plan.outcome.isoformat()}"]
        if plan.outcome_arr is not None:
            out.append(f"  arr: {plan.outcome_arr}")
        if plan.reason:
            out.append(f"  reason: {s(plan.reason)}")
        if plan.debrief:
            out.append("  debrief:")
            out += [f"    {key}: {s(text)}" for key, text in zip(("worked", "missed", "change"), plan.debrief,
                                                                strict=True)]
        if plan.outcome_note and r.random() < 0.7:
            out.append(f"  note: {s(plan.outcome_note)}")
    if plan.touches:
        out.append("touches:")
        out += [f"{sq}- {{on: {on.isoformat()}, kind: {kind}}}" for on, kind in plan.touches]
    text = "\n".join(out) + "\n"

    if plan.mistake == "missing_owner":
        text = re.sub(r"^owner: .*\n", "", text, count=1, flags=re.MULTILINE)
    elif plan.mistake == "typo_key":
        typo = r.choice([(r"^commercial_path:", "comercial_path:"),
                         (r"^( +)owner: ", r"\1onwer: "),
                         (r"^leading_indicator:", "leading_indicater:"),
                         (r"^  renewal_date: ", "  renewal_data: "),
                         (r"^stakeholders:", "stakeholder:")])
        text = re.sub(typo[0], typo[1], text, count=1, flags=re.MULTILINE)
    return text


def plan_text(index: int, name: str, seed: int) -> str:
    """The YAML text of plan `index` (account `name`) for `seed`."""
    plan = _build(index, name, seed)
    return _emit(plan, random.Random(f"style:{seed}:{index}"))


def generate(root: Path, n: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `root/saveplan.yaml` and `n` plans in `root/plans/`; return the plan paths,
    plan 0 first. Deterministic: the same (n, seed) writes the same bytes."""
    plans = root / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    (root / "saveplan.yaml").write_text(roster_text(), encoding="utf-8")
    paths: list[Path] = []
    for index, name in enumerate(account_names(n, seed)):
        path = plans / f"{slugify(name)}.yaml"
        path.write_text(plan_text(index, name, seed), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a workspace of generated save plans.")
    parser.add_argument("root", type=Path, help="the workspace folder to write (saveplan.yaml, plans/)")
    parser.add_argument("-n", type=int, default=1000, help="how many plans (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    args = parser.parse_args(argv)
    paths = generate(args.root, args.n, args.seed)
    wrong = sum(1 for i in range(args.n) if mistake_for(i))
    print(f"wrote {len(paths)} plans ({wrong} with a seeded mistake) in {args.root / 'plans'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
