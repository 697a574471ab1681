"""load_plans keeps whole workspaces small: equal values shared between plans, and no
garbage of the parsed documents left behind (memory, not time: nothing here is timed)."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

from bench.generate import generate
from saveplan.models.plan import Reading, Update
from saveplan.plans import _share_values, load_all, load_plans
from saveplan.workspace import open_workspace


def test_equal_values_are_one_object_and_the_plans_are_unchanged(tmp_path: Path) -> None:
    generate(tmp_path, 60, seed=11)
    ws = open_workspace(tmp_path)
    reference = [g.plan for g in load_all(ws)[0]]
    for jobs in (1, 2):
        plans = [p.plan for p in load_plans(ws, jobs=jobs)[0]]
        assert plans == reference
        assert [p.model_dump(mode="json", exclude_unset=True) for p in plans] == \
            [p.model_dump(mode="json", exclude_unset=True) for p in reference]
        updates = [u for p in plans for u in p.updates]
        assert len({id(u) for u in updates}) < len(updates) / 2  # {on, to} repeats across plans
        if jobs == 1:  # one chunk: every equal update is one object, every equal string too
            assert len({id(u) for u in updates}) == len({(u.on, u.to) for u in updates})
            owners = {p.owner: p.owner for p in plans}
            assert all(p.owner is owners[p.owner] for p in plans)


def test_sharing_keeps_each_value_its_type_and_its_fields_set() -> None:
    shared: dict[object, object] = {}
    whole = _share_values(Reading.model_construct(on=date(2026, 11, 1), value=1), shared)
    decimal = _share_values(Reading.model_construct(on=date(2026, 11, 1), value=1.0), shared)
    assert whole is not decimal and type(whole.value) is int and type(decimal.value) is float
    assert whole.on is decimal.on
    defaulted = _share_values(Update.model_validate({"on": "2026-11-02"}), shared)
    written = _share_values(Update.model_validate({"on": "2026-11-02", "to": "customer"}), shared)
    assert defaulted is not written
    assert defaulted.model_fields_set == {"on"} and written.model_fields_set == {"on", "to"}
    assert _share_values(Update.model_validate({"on": "2026-11-02", "to": "customer"}), shared) is written


def test_one_process_leaves_no_garbage_frozen(tmp_path: Path) -> None:
    generate(tmp_path, 120, seed=7)
    ws = open_workspace(tmp_path)
    gc.unfreeze()  # what earlier tests' loads froze
    gc.collect()
    try:
        load_plans(ws, jobs=1)
        frozen_garbage = (gc.unfreeze(), gc.collect())[1]
    finally:
        gc.enable()
    assert frozen_garbage < 20  # the parsed documents' cycles (2,100 objects here) are freed
