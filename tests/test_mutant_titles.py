"""A mutant's title reaches students (instructor-graded feedback): it never quotes the reference.

The title says what the edit does and where, in words ("uses - where + belongs in the value
sigmoid returns"); what it may quote between backticks is a name (`grad[idx]`) or a name or a
number with its operator (`+ delta`), never a statement or an expression of the reference.
"""
from __future__ import annotations

import ast
import re

from autograder.diagnosis.mutation import mutants, reference_sources

QUOTED = re.compile(r"`([^`]*)`")
OPERATOR = re.compile(r"^\s*(\*\*|//|[-+*/])\s*|\s*(\*\*|//|[-+*/])\s*$")
COMPUTING = (ast.Call, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.Lambda)


def computes(quoted: str) -> bool:
    """Whether a quoted text is code that computes something (not a name, a number, a
    subscript or a tuple of them, with at most one operator beside it)."""
    operand = OPERATOR.sub("", quoted)
    if not operand:  # an operator alone: `/`
        return False
    try:
        tree = ast.parse(operand, mode="eval")
    except SyntaxError:
        return True
    return any(isinstance(node, COMPUTING) for node in ast.walk(tree))


def reference_lines() -> set[str]:
    """Every line of the reference's exercise modules, as the mutation operators unparse them."""
    lines: set[str] = set()
    for source in reference_sources().values():
        for line in ast.unparse(ast.parse(source)).splitlines():
            if len(line.strip()) >= 10 and not line.strip().startswith(("def ", '"""', "'")):
                lines.add(line.strip())
    return lines


def test_no_mutant_title_quotes_a_line_or_an_expression_of_the_reference():
    lines = reference_lines()
    assert "return 1 / (1 + np.exp(-x))" in lines  # the comparison sees the reference's lines
    for mutant in mutants():
        for line in lines:
            assert line not in mutant.title, (mutant.id, mutant.title)
        for quoted in QUOTED.findall(mutant.title):
            assert not computes(quoted), (mutant.id, mutant.title)


def test_a_mutant_title_still_says_what_changed_and_where():
    titles = {m.title for m in mutants()}
    assert "uses - where + belongs in the value sigmoid returns" in titles
    assert "drops `+ delta` in the call to np.log" in titles
    assert computes("1 + np.exp(-x)") and computes("np.max(a, axis=-1)") and not computes("+ delta")
    assert "uses axis=0 where axis=-1 belongs in the call to np.max" in titles
    # identity_function in sigmoid's place is what leaving sigmoid out gives, and what learners
    # write (z1 = a1): the title names both, not only the edit nobody typed
    assert "leaves out sigmoid (or uses identity_function in its place) in the value given to `z1`" in titles
    assert not any("uses identity_function where sigmoid belongs" in title for title in titles)
