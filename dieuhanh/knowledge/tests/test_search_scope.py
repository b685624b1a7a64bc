"""The scope words of the search index (`SearchDocument.scope_terms`) find exactly the rows the
scope rules let a user see, for every combination of small trees, rows and scopes."""

import itertools

from dieuhanh.knowledge.models.search import scope_terms_for
from dieuhanh.knowledge.selectors.scope import ancestor_paths
from dieuhanh.knowledge.selectors.search import scope_query_terms

# Two provinces; units, teams and a unit whose path has letters (paths use 0-9A-Z).
PATHS = ["0001", "00010001", "00010002", "000100010001", "000A", "000A000B"]


def allowed(row, view, approve):
    """The rule as written before the words: a unit the user views, a row the whole tree reads
    at a unit above, or a row assessed by a unit on which the user approves."""
    unit, assessor, audience = row
    return (
        any(unit.startswith(path) for path in view)
        or (audience == "tree" and unit in ancestor_paths(view))
        or (assessor != "" and any(assessor.startswith(path) for path in approve))
    )


def found(row, view, approve):
    """Whether the search's scope clause matches the row's scope words."""
    terms = scope_query_terms(view, approve)
    if terms is None:
        return False
    if not terms:
        return True
    return bool(set(scope_terms_for(*row).split()) & set(terms))


def test_scope_words_find_exactly_the_rows_in_scope():
    # Given every row (unit, assessor or none, read by the unit or the whole tree)
    rows = [
        (unit, assessor, audience)
        for unit in PATHS
        for assessor in ["", *PATHS]
        for audience in ("unit", "tree")
    ]
    # And every scope of up to two subtrees to view and up to two to approve
    scopes = [list(c) for size in range(3) for c in itertools.combinations(PATHS, size)]
    # Then the words match exactly the rows the rule allows
    mismatches = [
        (row, view, approve)
        for view in scopes
        for approve in scopes
        for row in rows
        if found(row, view, approve) != allowed(row, view, approve)
    ]
    assert mismatches == []


def test_the_administrator_needs_no_scope_clause_and_nobody_sees_nothing():
    assert scope_query_terms([""], [""]) == []
    assert scope_query_terms([], []) is None


def test_a_chief_asks_for_his_province_once():
    # Given a Chief who views and approves in his province: the assessed rows of his province
    # are his province's rows, so they are not asked for twice
    assert scope_query_terms(["000A"], ["000A"]) == ["sca000a", "scu000a"]
    # And a row of a regional unit assessed by the personnel department carries the shared
    # province as `scb`, the department below it as `sca`
    assert scope_terms_for("000A0005", "000A0003", "unit") == (
        "scu000a scu000a0005 scb000a sca000a0003"
    )
