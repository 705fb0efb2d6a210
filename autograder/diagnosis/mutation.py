"""Error models generated from the reference: single edits of the syntax trees of solutions/*.py.

Each operator looks at one node of an exercise function (a constant, an operator, a call, a
keyword, a statement, ...) and proposes edits, each with a title in plain words filled with the
function's own names ("uses np.min where np.max belongs", "runs one step more than step_num").
A title reaches students (the feedback of an instructor's grading), so it says what the edit
does and where, in words ("in the call to np.max", "in the value sigmoid returns"), and never
quotes a line or an expression of the reference.
`mutants()` lists every edit of every exercise function, in a fixed order (the same list on
every run), as the modules' sources with that one edit.
"""
from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from autograder.i18n import N_
from autograder.kit import SOLUTIONS_DIR, load_exercises
from autograder.terminal import shortened

__all__ = ["Mutant", "mutants", "reference_sources"]

Edit = tuple[str, str, Callable[[ast.AST], ast.AST | None]]  # (operator, title, apply to a copy)

SWAPPED_FUNCTIONS = {
    "max": ["min"], "min": ["max"], "maximum": ["minimum"], "minimum": ["maximum"],
    "sum": ["mean", "max"], "mean": ["sum"], "exp": ["log", "exp2"], "log": ["log10", "log2", "exp"],
    "argmax": ["argmin"], "argmin": ["argmax"], "zeros_like": ["ones_like"],
    "dot": ["multiply"], "square": ["abs"], "abs": ["square"],
}
FUNCTION_WORDS = {"max": N_("the largest value"), "sum": N_("the sum"), "mean": N_("the mean")}
USES_INSTEAD = N_("uses {new} where {old} belongs {place}")
# identity_function in a call's place gives what leaving the call out gives, which is what
# learners write (z1 = a1): the title names both
LEAVES_OUT = N_("leaves out {old} (or uses {new} in its place) {place}")
SWAPPED_NAMES = {"sigmoid": [("identity_function", LEAVES_OUT)],
                 "identity_function": [("sigmoid", USES_INSTEAD)]}  # (the name put in, the title)
OPERATOR_SYMBOLS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
                    ast.FloorDiv: "//"}
SWAPPED_OPERATORS: dict[type, list[type]] = {ast.Add: [ast.Sub, ast.Mult], ast.Sub: [ast.Add],
                                             ast.Mult: [ast.Div, ast.Add], ast.Div: [ast.Mult, ast.FloorDiv],
                                             ast.Pow: [ast.Mult]}
COMPARISONS: dict[type, list[type]] = {ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt],
                                       ast.Lt: [ast.LtE, ast.Gt], ast.Eq: [ast.NotEq],
                                       ast.NotEq: [ast.Eq]}
COMPARISON_SYMBOLS: dict[type, str] = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==",
                      ast.NotEq: "!="}
AXES = (None, 0, 1, -1)


@dataclass(frozen=True)
class Mutant:
    """One edit of one exercise function: the modules' sources with that edit."""

    id: str
    function: str
    module: str
    operator: str
    title: str
    line: str  # the edited statement as it reads after the edit
    sources: dict[str, str]


def reference_sources() -> dict[str, str]:
    return {e.module: (SOLUTIONS_DIR / f"{e.module}.py").read_text(encoding="utf-8")
            for e in load_exercises()}


def mutants() -> list[Mutant]:
    """Every single-edit mutant of every exercise function, in a fixed order."""
    sources = reference_sources()
    found: list[Mutant] = []
    for ex in load_exercises():
        tree = ast.parse(sources[ex.module])
        index = next(i for i, node in enumerate(tree.body)
                     if isinstance(node, ast.FunctionDef) and node.name == ex.function)
        function = tree.body[index]
        assert isinstance(function, ast.FunctionDef)
        seen: set[str] = set()
        for number, (operator, title, edited) in enumerate(_edits(function)):
            new_tree = copy.deepcopy(tree)
            new_tree.body[index] = edited
            ast.fix_missing_locations(new_tree)
            text = ast.unparse(edited)
            if text in seen or text == ast.unparse(function):
                continue
            seen.add(text)
            module_source = ast.unparse(new_tree)
            found.append(Mutant(f"{ex.function}.mutant.{operator}.{number}", ex.function,
                                ex.module, operator, title, _changed_line(function, edited),
                                {**sources, ex.module: module_source}))
    return found


def _changed_line(before: ast.FunctionDef, after: ast.FunctionDef) -> str:
    old = ast.unparse(before).splitlines()
    new = ast.unparse(after).splitlines()
    for a, b in zip(old, new, strict=False):
        if a != b:
            return b.strip()
    return new[-1].strip() if len(new) > len(old) else "(a line removed at the end)"


def _edits(function: ast.FunctionDef) -> Iterator[tuple[str, str, ast.FunctionDef]]:
    """Every edit of `function`: (operator, title, the edited copy)."""
    nodes = list(ast.walk(function))
    parents = {child: node for node in nodes for child in ast.iter_child_nodes(node)}
    context = _Context(function, parents)
    for position, node in enumerate(nodes):
        for operator, title, apply in _node_edits(node, context):
            edited = copy.deepcopy(function)
            target = list(ast.walk(edited))[position]
            result = apply(target)
            if result is None:
                continue
            if result is not target:
                _replace(edited, target, result)
            yield operator, title, edited
    yield from _forward_difference(function)


class _Context:
    def __init__(self, function: ast.FunctionDef, parents: dict[ast.AST, ast.AST]) -> None:
        self.function, self.parents = function, parents
        self.name = function.name
        self.parameters = [a.arg for a in function.args.args]
        self.assigned = list(dict.fromkeys(
            t.id for n in ast.walk(function) if isinstance(n, ast.Assign)
            for t in n.targets if isinstance(t, ast.Name)))

    def place(self, node: ast.AST, *, within: bool = False) -> str:
        """Where `node` sits, in words and without the reference's code: the call it is an
        argument of (or, `within`, the call `node` is), else the statement that holds it."""
        if within and isinstance(node, ast.Call):
            return N_("in the call to {function}").format(function=_callee(node))
        while node in self.parents and not isinstance(node, ast.stmt):
            parent = self.parents[node]
            if isinstance(parent, ast.Call) and node is not parent.func and _callee(parent) != "np.array":
                return N_("in the call to {function}").format(function=_callee(parent))
            node = parent
        if isinstance(node, ast.Return):
            return N_("in the value {function} returns").format(function=self.name)
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AugAssign) else [])
        if len(targets) == 1 and len(ast.unparse(targets[0])) <= 30:
            return N_("in the value given to `{name}`").format(name=ast.unparse(targets[0]))
        if isinstance(node, ast.While | ast.If):
            return N_("in the condition of its {statement} statement").format(
                statement="while" if isinstance(node, ast.While) else "if")
        return N_("in the code of {function}").format(function=self.name)

    def assigned_name(self, node: ast.AST) -> str | None:
        parent = self.parents.get(node)
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(
                parent.targets[0], ast.Name):
            return parent.targets[0].id
        return None

    def default_of(self, node: ast.AST) -> str | None:
        defaults = self.function.args.defaults
        arguments = self.function.args.args[len(self.function.args.args) - len(defaults):]
        for argument, default in zip(arguments, defaults, strict=True):
            if default is node:
                return argument.arg
        return None


def _callee(call: ast.Call) -> str:
    """The called function as written (np.max, f, x.reshape), not its arguments."""
    text = ast.unparse(call.func)
    return text if len(text) <= 30 else text.rpartition(".")[2]


def _replace(root: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for node in ast.walk(root):
        for field, value in ast.iter_fields(node):
            if value is old:
                setattr(node, field, new)
            elif isinstance(value, list) and any(item is old for item in value):
                setattr(node, field, [new if item is old else item for item in value])


def _node_edits(node: ast.AST, context: _Context) -> Iterator[Edit]:
    for operator in (_constants, _binary_operators, _operands, _unary, _calls, _keywords,
                     _comparisons, _ranges, _copies, _statements, _returns, _names, _subscripts):
        yield from operator(node, context)


def _number_text(value: float) -> str:
    return repr(value)


def _constants(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.Constant):
        return
    value = node.value
    if isinstance(value, str):
        parent = context.parents.get(node)
        if isinstance(parent, ast.Subscript) and value[:1].isalpha():
            for new in _key_variants(value):
                yield ("key", N_("uses the key {new} where {old} belongs in {function}").format(
                    new=repr(new), old=repr(value), function=context.name), _set_constant(new))
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    parent = context.parents.get(node)
    if isinstance(parent, ast.UnaryOp):
        parent = context.parents.get(parent)
    if isinstance(parent, ast.keyword):
        return  # axis=-1 and the like: the keyword operators change those
    where = _constant_place(node, context)
    in_list = isinstance(parent, ast.List)
    if in_list:
        candidates = [round(value + 0.1, 10)]
    elif isinstance(value, float):
        candidates = [value * 10, value / 10, 0.0]
    else:
        candidates = [value + 1, value - 1] if value else [1]
    for candidate in candidates:
        new_value = float(f"{candidate:.12g}") if isinstance(value, float) else candidate
        if new_value == value:
            continue
        if new_value == 0 and not in_list:
            title = N_("drops {value} ({where}: 0 instead)").format(value=_number_text(value), where=where)
            operator = "constant_dropped"
        else:
            title = N_("uses {new} where {old} belongs ({where})").format(
                new=_number_text(new_value), old=_number_text(value), where=where)
            operator = "constant"
        yield operator, title, _set_constant(new_value)


def _constant_place(node: ast.AST, context: _Context) -> str:
    default = context.default_of(node)
    if default is not None:
        return N_("the default of {parameter}").format(parameter=default)
    name = context.assigned_name(node)
    if name is not None:
        return f"{name} = ..."
    return context.place(node)


def _key_variants(key: str) -> list[str]:
    variants = []
    if key != key.lower():
        variants.append(key.lower())
    if key[-1:].isdigit():
        variants.append(key[:-1] + str(int(key[-1]) % 3 + 1))
    return variants


def _set_constant(value: Any) -> Callable[[ast.AST], ast.AST]:
    def apply(target: ast.AST) -> ast.AST:
        return ast.Constant(value)
    return apply


def _binary_operators(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, (ast.BinOp, ast.AugAssign)):
        return
    for new in SWAPPED_OPERATORS.get(type(node.op), []):
        old_symbol, new_symbol = OPERATOR_SYMBOLS[type(node.op)], OPERATOR_SYMBOLS[new]
        if isinstance(node, ast.AugAssign):
            target = ast.unparse(node.target)
            title = N_("writes {new} where {old} belongs").format(new=f"{target} {new_symbol}= ...",
                                                                  old=f"{target} {old_symbol}= ...")
        else:
            title = N_("uses {new} where {old} belongs {place}").format(
                new=new_symbol, old=old_symbol, place=context.place(node))
        yield "operator", title, _set_operator(new)


def _set_operator(operator: type) -> Callable[[ast.AST], ast.AST]:
    def apply(target: ast.AST) -> ast.AST:
        target.op = operator()  # type: ignore[attr-defined]
        return target
    return apply


def _short(node: ast.AST, limit: int = 50) -> str:
    return shortened(ast.unparse(node), limit)


def _operands(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.BinOp):
        return
    symbol = OPERATOR_SYMBOLS.get(type(node.op), "?")
    place = context.place(node)
    for kept, dropped, keep in (("left", node.right, lambda target: target.left),
                                ("right", node.left, lambda target: target.right)):
        if isinstance(dropped, ast.Name | ast.Constant):  # a name or a number: no code to give away
            text = ast.unparse(dropped)
            part = f"{symbol} {text}" if kept == "left" else f"{text} {symbol}"
            title = N_("drops `{part}` {place}").format(part=part, place=place)
        else:
            title = N_("keeps only {side} of a `{symbol}` {place}").format(
                side=N_("the left side") if kept == "left" else N_("the right side"), symbol=symbol,
                place=place)
        yield "operand_dropped", title, keep


def _unary(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(
            node.operand, ast.Constant):
        yield ("sign", N_("drops a minus sign {place}").format(place=context.place(node)),
               lambda target: target.operand)  # type: ignore[attr-defined]
    if isinstance(node, ast.Call) and _called_name(node) == "exp" and node.args and not isinstance(
            node.args[0], ast.UnaryOp):
        def negate(target: ast.AST) -> ast.AST:
            target.args[0] = ast.UnaryOp(ast.USub(), target.args[0])  # type: ignore[attr-defined]
            return target
        yield "sign", N_("takes np.exp of minus its argument {place}").format(
            place=context.place(node, within=True)), negate


def _called_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


def _calls(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.Call):
        return
    name = _called_name(node)
    prefix = "np." if isinstance(node.func, ast.Attribute) and isinstance(
        node.func.value, ast.Name) and node.func.value.id == "np" else ""
    for new in SWAPPED_FUNCTIONS.get(name, []) if isinstance(node.func, ast.Attribute) else []:
        yield ("function", USES_INSTEAD.format(
            new=prefix + new, old=prefix + name, place=context.place(node)), _rename_call(new))
    for new, title in SWAPPED_NAMES.get(name, []) if isinstance(node.func, ast.Name) else []:
        yield ("function", title.format(new=new, old=name, place=context.place(node)), _rename_call(new))
    if name in ("array", "copy", "reshape", "argmax", "multi_index") or not node.args:
        if name == "array" and node.args and isinstance(context.parents.get(node), (ast.Tuple, ast.Return)):
            yield ("call_dropped", N_("leaves out np.array(...) {place}").format(
                place=context.place(node)), lambda target: target.args[0])  # type: ignore[attr-defined]
        return
    if len(node.args) == 2 and name in ("dot", "maximum", "reshape"):
        def swap(target: ast.AST) -> ast.AST:
            target.args.reverse()  # type: ignore[attr-defined]
            return target
        yield "arguments_swapped", N_("swaps the arguments of {function} {place}").format(
            function=prefix + name, place=context.place(node)), swap


def _rename_call(new: str) -> Callable[[ast.AST], ast.AST]:
    def apply(target: ast.AST) -> ast.AST:
        if isinstance(target.func, ast.Attribute):  # type: ignore[attr-defined]
            target.func.attr = new  # type: ignore[attr-defined]
        else:
            target.func.id = new  # type: ignore[attr-defined]
        return target
    return apply


def _keywords(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.Call):
        return
    call = context.place(node, within=True)
    for position, keyword in enumerate(node.keywords):
        if keyword.arg in ("flags", "op_flags"):
            continue
        left_out = f"{keyword.arg}={ast.unparse(keyword.value)}"
        words = _axis_words(node, keyword.arg)
        title = (N_("leaves out {keyword} {place}: {what} of the whole batch instead of each row")
                 .format(keyword=left_out, place=call, what=words) if words
                 else N_("leaves out {keyword} {place}").format(keyword=left_out, place=call))
        yield "keyword_dropped", title, _drop_keyword(position)
        if keyword.arg == "axis":
            for axis in AXES:
                if ast.unparse(keyword.value) != repr(axis):
                    yield ("axis", N_("uses {new} where {old} belongs {place}").format(
                        new=f"axis={axis}", old=f"axis={ast.unparse(keyword.value)}", place=call),
                           _set_keyword(position, axis))
        if keyword.arg == "dtype":
            for dtype in ("np.float64", "bool"):
                yield ("dtype", N_("uses {new} where {old} belongs").format(
                    new=f"dtype={dtype}", old=f"dtype={ast.unparse(keyword.value)}"),
                       _set_keyword(position, ast.parse(dtype, mode="eval").body))


def _axis_words(node: ast.Call, keyword: str | None) -> str:
    name = _called_name(node)
    if keyword == "axis" and name in FUNCTION_WORDS:
        return FUNCTION_WORDS[name]
    return ""


def _drop_keyword(position: int) -> Callable[[ast.AST], ast.AST]:
    def apply(target: ast.AST) -> ast.AST:
        del target.keywords[position]  # type: ignore[attr-defined]
        return target
    return apply


def _set_keyword(position: int, value: Any) -> Callable[[ast.AST], ast.AST]:
    def apply(target: ast.AST) -> ast.AST:
        new = value if isinstance(value, ast.AST) else ast.Constant(value)
        target.keywords[position].value = new  # type: ignore[attr-defined]
        return target
    return apply


def _comparisons(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return
    for new in COMPARISONS.get(type(node.ops[0]), []):
        old_symbol, new_symbol = COMPARISON_SYMBOLS[type(node.ops[0])], COMPARISON_SYMBOLS[new]
        def apply(target: ast.AST, new: type = new) -> ast.AST:
            target.ops = [new()]  # type: ignore[attr-defined]
            return target
        yield ("comparison", N_("compares with {new} where {old} belongs {place}").format(
            new=new_symbol, old=old_symbol, place=context.place(node)), apply)


def _ranges(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not (isinstance(node, ast.Call) and _called_name(node) == "range" and len(node.args) == 1):
        return
    bound = ast.unparse(node.args[0])
    for delta, words in ((1, N_("runs one step more than {bound}")),
                         (-1, N_("runs one step fewer than {bound}"))):
        def apply(target: ast.AST, delta: int = delta) -> ast.AST:
            op = ast.Add() if delta > 0 else ast.Sub()
            target.args[0] = ast.BinOp(target.args[0], op, ast.Constant(1))  # type: ignore[attr-defined]
            return target
        yield "range", words.format(bound=bound), apply

    def from_one(target: ast.AST) -> ast.AST:
        target.args.insert(0, ast.Constant(1))  # type: ignore[attr-defined]
        return target
    yield "range", N_("starts counting the {bound} steps at 1 (one step fewer)").format(bound=bound), from_one


def _copies(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if isinstance(node, ast.Call) and _called_name(node) == "copy" and isinstance(
            node.func, ast.Attribute) and not node.args:
        owner = ast.unparse(node.func.value)
        yield ("copy_dropped", N_("keeps {name} itself, not a copy, {place}").format(
            name=owner, place=context.place(node)),
               lambda target: target.func.value)  # type: ignore[attr-defined]


def _statements(node: ast.AST, context: _Context) -> Iterator[Edit]:
    for field in ("body", "orelse"):
        body = getattr(node, field, None)
        if not isinstance(body, list):
            continue
        for position, statement in enumerate(body):
            if isinstance(statement, ast.Return) or (
                    isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):
                continue
            yield "statement_removed", _removal_words(statement, context), _remove(field, position)


def _removal_words(statement: ast.stmt, context: _Context) -> str:
    text = ast.unparse(statement).splitlines()[0]
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Subscript):
        owner = ast.unparse(statement.targets[0].value)
        value = ast.unparse(statement.value)
        if owner in context.parameters and not any(s in value for s in "+-"):
            return N_("changes {name} and does not put it back").format(name=owner)
    if isinstance(statement, ast.Expr) and "iternext" in text:
        return N_("never moves on to the next element of the loop: an endless loop")
    targets = (statement.targets if isinstance(statement, ast.Assign)
               else [statement.target] if isinstance(statement, ast.AugAssign) else [])
    if len(targets) == 1 and len(ast.unparse(targets[0])) <= 30:
        same = [s for s in ast.walk(context.function) if isinstance(s, ast.Assign | ast.AugAssign)
                and ast.unparse(s.targets[0] if isinstance(s, ast.Assign) else s.target)
                == ast.unparse(targets[0])]
        words = (N_("leaves out the statement that sets `{name}`") if len(same) == 1
                 else N_("leaves out one of the statements that set `{name}`"))
        return words.format(name=ast.unparse(targets[0]))
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        return N_("leaves out the call to {function}").format(function=_callee(statement.value))
    if isinstance(statement, ast.If):
        return N_("leaves out an if statement of {function}").format(function=context.name)
    if isinstance(statement, ast.For | ast.While):
        return N_("leaves out a loop of {function}").format(function=context.name)
    return N_("leaves out a statement of {function}").format(function=context.name)


def _remove(field: str, position: int) -> Callable[[ast.AST], ast.AST]:
    def apply(target: ast.AST) -> ast.AST:
        body = getattr(target, field)
        del body[position]
        if not body and field == "body":
            body.append(ast.Pass())
        return target
    return apply


def _returns(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.Return) or node.value is None:
        return
    if isinstance(node.value, ast.Tuple):
        for position, item in enumerate(node.value.elts):
            def keep_one(target: ast.AST, position: int = position) -> ast.AST:
                target.value = target.value.elts[position]  # type: ignore[attr-defined]
                return target
            yield "return", N_("returns only {value}").format(value=ast.unparse(item)), keep_one
        return
    assigned = [ast.unparse(s.targets[0]) for s in ast.walk(context.function)
                if isinstance(s, ast.Assign) and len(s.targets) == 1
                and isinstance(s.targets[0], ast.Name)]
    returned = ast.unparse(node.value)
    for name in dict.fromkeys(assigned[-3:]):
        if name != returned:
            def other(target: ast.AST, name: str = name) -> ast.AST:
                target.value = ast.Name(name, ast.Load())  # type: ignore[attr-defined]
                return target
            title = (N_("returns {new} instead of {old}").format(new=name, old=returned)
                     if isinstance(node.value, ast.Name)
                     else N_("returns {new} instead of what it computes from it").format(new=name))
            yield "return", title, other


def _names(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not isinstance(node, ast.Name) or not isinstance(node.ctx, ast.Load):
        return
    parent = context.parents.get(node)
    if isinstance(parent, ast.Call) and parent.func is node:
        return
    names: list[str] = []
    if node.id in context.parameters and node.id != "f":
        names = [p for p in context.parameters if p != node.id and p != "f"]
    elif node.id[-1:].isdigit() and node.id[:-1]:
        # the next layer's name, or another name of the same layer (a1 where z1 belongs: the
        # value before its activation, a learner's slip the same outputs would hide)
        names = [node.id[:-1] + str(int(node.id[-1]) % 3 + 1),
                 *(n for n in context.assigned if n != node.id and n[-1:] == node.id[-1:]
                   and n[:-1].isalpha())]
    for new in names:
        def apply(target: ast.AST, new: str = new) -> ast.AST:
            target.id = new  # type: ignore[attr-defined]
            return target
        yield "name", N_("uses {new} where {old} belongs {place}").format(
            new=new, old=node.id, place=context.place(node)), apply


def _subscripts(node: ast.AST, context: _Context) -> Iterator[Edit]:
    if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int) and isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape"):
        return
    for new in (1, -1):
        if new != node.slice.value:
            def apply(target: ast.AST, new: int = new) -> ast.AST:
                target.slice = ast.Constant(new)  # type: ignore[attr-defined]
                return target
            yield ("shape_index", N_("uses {new} where {old} belongs").format(
                new=f"{ast.unparse(node.value)}[{new}]", old=ast.unparse(node)), apply)


def _forward_difference(function: ast.FunctionDef) -> Iterator[tuple[str, str, ast.FunctionDef]]:
    """Central to forward difference: f(x - h) becomes f(x), 2 * h becomes h."""
    text = ast.unparse(function)
    changed = text.replace("(f(x - h))", "(f(x))").replace("f(x - h)", "f(x)")
    changed = changed.replace("x[idx] = tmp_val - h", "x[idx] = tmp_val")
    if changed == text:
        return
    changed = changed.replace("(2 * h)", "h")
    edited = ast.parse(changed).body[0]
    assert isinstance(edited, ast.FunctionDef)
    yield ("forward_difference", N_("uses the forward difference (f(x + h) - f(x)) / h instead of "
                                    "the central difference (f(x + h) - f(x - h)) / (2 * h)"), edited)
