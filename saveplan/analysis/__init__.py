"""Analysis: pure, dated views of plans (no files, no terminal, no clock: `today` is a
parameter). Status, triage and approvals live beside it for now; the lifecycle after the
outcome, the agenda and the program metrics live here."""
