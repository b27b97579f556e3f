"""`X负责,Y配合`: the unit in charge leads, the units that help it are responsible."""
from __future__ import annotations

import pytest

from plancheck.plans.units import parse_role_phrase, parse_unlabelled, split_units


@pytest.mark.parametrize(("text", "lead", "helpers"), [
    ("县司法局负责,县直各部门配合", "县司法局", "县直各部门"),
    ("由县政府办公室负责,县司法局协助。", "县政府办公室", "县司法局"),
    ("市司法局负责,各县(区)人民政府按职责分工配合落实", "市司法局", "各县(区)人民政府"),
    ("县司法局牵头,县直各部门配合", "县司法局", "县直各部门"),
])
def test_the_unit_in_charge_and_its_helpers(text, lead, helpers):
    fields = parse_role_phrase(text)
    assert [role for role, _ in fields] == ["牵头", "配合"]
    assert [split_units(value) for _, value in fields] == [(lead,), (helpers,)]


def test_prose_with_the_same_words_names_no_units():
    assert parse_role_phrase("坚持党委领导、政府负责,社会协同") == []
    assert parse_unlabelled("(坚持政府负责、部门协同)") == []


def test_a_unit_in_charge_alone_is_the_only_unit_named():
    fields = parse_unlabelled("(县司法局负责)")
    assert [(role, split_units(value)) for role, value in fields] == [("", ("县司法局",))]
