namespace Sentra.Syntax;

// The syntax tree. Nodes carry the line/column of the token that names their operation: the
// first token of a statement or literal, the operator of a unary, binary or logical
// expression, the parenthesis of a call, the bracket of an index, the dot of a property.
// Declarations and variable references get a resolved Symbol from the Resolver before
// compilation.

/// <summary>Every node of the tree: where it is in the source.</summary>
public abstract class Node
{
    /// <summary>The 1-based line of the node's token.</summary>
    public int Line { get; init; }
    /// <summary>The 1-based column (in code points) of the node's token.</summary>
    public int Column { get; init; }
}

/// <summary>An expression: produces a value.</summary>
public abstract class Expr : Node { }
/// <summary>A statement.</summary>
public abstract class Stmt : Node { }

/// <summary>A resolved name: a local (possibly captured) or, when null, a module global.</summary>
/// <param name="name">The declared name.</param>
/// <param name="isConst">Declared with <c>const</c>.</param>
/// <param name="owner">The function whose frame holds it.</param>
public sealed class LocalSymbol(string name, bool isConst, FunctionNode owner)
{
    /// <summary>The declared name.</summary>
    public string Name { get; } = name;
    /// <summary>Declared with <c>const</c>: assignments are rejected.</summary>
    public bool IsConst { get; } = isConst;
    /// <summary>The function whose frame holds it.</summary>
    public FunctionNode Owner { get; } = owner;
    /// <summary>Captured by an inner function: lives in a Cell.</summary>
    public bool Captured { get; set; }
    /// <summary>Slot assigned by the compiler.</summary>
    public int Slot { get; set; } = -1;
}

// ---- expressions ----
/// <summary>A literal: nil, a bool, an int, a float or a string.</summary>
public sealed class LiteralExpr : Expr
{
    /// <summary>null, a <c>bool</c>, a <c>long</c>, a <c>double</c> or a <c>string</c>.</summary>
    public required object? Value { get; init; }
}
/// <summary>A reference to a variable.</summary>
public sealed class VariableExpr : Expr
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>The local it refers to (set by the resolver); null for a global.</summary>
    public LocalSymbol? Symbol { get; set; }
}
/// <summary><c>-x</c> or <c>!x</c>.</summary>
public sealed class UnaryExpr : Expr
{
    /// <summary><see cref="TokenKind.Minus"/> or <see cref="TokenKind.Bang"/>.</summary>
    public required TokenKind Op { get; init; }
    /// <summary>The operand.</summary>
    public required Expr Operand { get; init; }
}
/// <summary>An arithmetic or comparison operator applied to two operands.</summary>
public sealed class BinaryExpr : Expr
{
    /// <summary>The operator's token kind.</summary>
    public required TokenKind Op { get; init; }
    /// <summary>The left operand.</summary>
    public required Expr Left { get; init; }
    /// <summary>The right operand.</summary>
    public required Expr Right { get; init; }
}
/// <summary><c>a &amp;&amp; b</c> or <c>a || b</c>: the right operand runs only when needed.</summary>
public sealed class LogicalExpr : Expr
{
    /// <summary><see cref="TokenKind.AndAnd"/> or <see cref="TokenKind.OrOr"/>.</summary>
    public required TokenKind Op { get; init; }
    /// <summary>The left operand.</summary>
    public required Expr Left { get; init; }
    /// <summary>The right operand.</summary>
    public required Expr Right { get; init; }
}
/// <summary>A call <c>f(a, b)</c>, or a method call when the callee is a property.</summary>
public sealed class CallExpr : Expr
{
    /// <summary>The function called.</summary>
    public required Expr Callee { get; init; }
    /// <summary>The arguments, in order.</summary>
    public required List<Expr> Args { get; init; }
}
/// <summary><c>target[index]</c>.</summary>
public sealed class IndexExpr : Expr
{
    /// <summary>The indexed value.</summary>
    public required Expr Target { get; init; }
    /// <summary>The index or key.</summary>
    public required Expr Index { get; init; }
}
/// <summary><c>target.name</c>.</summary>
public sealed class PropertyExpr : Expr
{
    /// <summary>The value read from.</summary>
    public required Expr Target { get; init; }
    /// <summary>The property's name.</summary>
    public required string Name { get; init; }
}
/// <summary>An array literal.</summary>
public sealed class ArrayExpr : Expr
{
    /// <summary>The elements, in order.</summary>
    public required List<Expr> Elements { get; init; }
}
/// <summary>A map literal.</summary>
public sealed class MapExpr : Expr
{
    /// <summary>The entries, in source order (bare keys are string literals).</summary>
    public required List<(Expr Key, Expr Value)> Entries { get; init; }
}
/// <summary>A function literal (<c>fn(x) =&gt; x</c> or <c>fn(x) { ... }</c>).</summary>
public sealed class FunctionExpr : Expr
{
    /// <summary>The function.</summary>
    public required FunctionNode Function { get; init; }
}
/// <summary>An <c>if</c> used as a value (its branches' last expressions).</summary>
public sealed class IfExpr : Expr
{
    /// <summary>The statement form.</summary>
    public required IfStmt If { get; init; }
}
/// <summary>A block used as a value (its last expression).</summary>
public sealed class BlockExpr : Expr
{
    /// <summary>The block.</summary>
    public required BlockStmt Block { get; init; }
}

/// <summary>A function body (named, lambda, or the script itself).</summary>
public sealed class FunctionNode : Node
{
    /// <summary>The declared name (<c>&lt;lambda&gt;</c> for a literal, <c>&lt;script&gt;</c> for the top level).</summary>
    public required string Name { get; init; }
    /// <summary>The parameter names, in order.</summary>
    public required List<string> Params { get; init; }
    /// <summary>The statements of the body.</summary>
    public required List<Stmt> Body { get; init; }
    /// <summary>The top level of a script or module.</summary>
    public bool IsScript { get; init; }
    /// <summary>Parameter symbols, set by the resolver.</summary>
    public List<LocalSymbol> ParamSymbols { get; } = [];
    /// <summary>Locals declared directly in the body (set by the resolver; empty for scripts, whose top level is global).</summary>
    public List<LocalSymbol> BodyLocals { get; } = [];
    /// <summary>The function this one is defined in (null for the top level).</summary>
    public FunctionNode? Enclosing { get; set; }
}

// ---- statements ----
/// <summary>An expression evaluated for its effect.</summary>
public sealed class ExprStmt : Stmt
{
    /// <summary>The expression.</summary>
    public required Expr Expr { get; init; }
}
/// <summary><c>let</c>, <c>var</c> or <c>const</c>.</summary>
public sealed class VarStmt : Stmt
{
    /// <summary>The declared name.</summary>
    public required string Name { get; init; }
    /// <summary>The initializer; null declares nil.</summary>
    public Expr? Init { get; init; }
    /// <summary>Declared with <c>const</c>.</summary>
    public bool IsConst { get; init; }
    /// <summary>Declared with <c>export</c> (module top level).</summary>
    public bool IsExport { get; init; }
    /// <summary>The local it declares (set by the resolver); null for a global.</summary>
    public LocalSymbol? Symbol { get; set; }
}
/// <summary>A named function declaration (hoisted within its block).</summary>
public sealed class FnDeclStmt : Stmt
{
    /// <summary>The function.</summary>
    public required FunctionNode Function { get; init; }
    /// <summary>Declared with <c>export</c> (module top level).</summary>
    public bool IsExport { get; init; }
    /// <summary>The local it declares (set by the resolver); null for a global.</summary>
    public LocalSymbol? Symbol { get; set; }
}
/// <summary><c>name = value</c>.</summary>
public sealed class AssignStmt : Stmt
{
    /// <summary>The variable assigned.</summary>
    public required VariableExpr Target { get; init; }
    /// <summary>The value.</summary>
    public required Expr Value { get; init; }
}
/// <summary><c>target[index] = value</c>.</summary>
public sealed class IndexAssignStmt : Stmt
{
    /// <summary>The array or map.</summary>
    public required Expr Target { get; init; }
    /// <summary>The index or key.</summary>
    public required Expr Index { get; init; }
    /// <summary>The value.</summary>
    public required Expr Value { get; init; }
}
/// <summary><c>target.name = value</c> (SPEC 2.5: <c>target["name"] = value</c>).</summary>
public sealed class PropertyAssignStmt : Stmt
{
    /// <summary>The value assigned into.</summary>
    public required Expr Target { get; init; }
    /// <summary>The property's name.</summary>
    public required string Name { get; init; }
    /// <summary>The value.</summary>
    public required Expr Value { get; init; }
}
/// <summary><c>{ ... }</c>: a scope.</summary>
public sealed class BlockStmt : Stmt
{
    /// <summary>The statements, in order.</summary>
    public required List<Stmt> Statements { get; init; }
    /// <summary>Locals declared directly in this block (set by the resolver).</summary>
    public List<LocalSymbol> Locals { get; } = [];
}
/// <summary><c>if</c> with an optional <c>else</c> or <c>else if</c>.</summary>
public sealed class IfStmt : Stmt
{
    /// <summary>The condition.</summary>
    public required Expr Condition { get; init; }
    /// <summary>The block run when the condition is truthy.</summary>
    public required BlockStmt Then { get; init; }
    /// <summary>An <see cref="IfStmt"/> or a <see cref="BlockStmt"/>, or null.</summary>
    public Stmt? Else { get; init; }
}
/// <summary><c>while cond { ... }</c>.</summary>
public sealed class WhileStmt : Stmt
{
    /// <summary>The condition, tested before each iteration.</summary>
    public required Expr Condition { get; init; }
    /// <summary>The loop body.</summary>
    public required BlockStmt Body { get; init; }
}
/// <summary><c>for (init; cond; update) { ... }</c>.</summary>
public sealed class ForStmt : Stmt
{
    /// <summary>Runs once before the loop; may declare the loop variable.</summary>
    public Stmt? Init { get; init; }
    /// <summary>Tested before each iteration; null loops until <c>break</c>.</summary>
    public Expr? Condition { get; init; }
    /// <summary>Runs after each iteration, <c>continue</c> included.</summary>
    public Stmt? Update { get; init; }
    /// <summary>The loop body.</summary>
    public required BlockStmt Body { get; init; }
    /// <summary>The init variable, if the init declares one.</summary>
    public List<LocalSymbol> Locals { get; } = [];
}
/// <summary><c>for x in iterable { ... }</c>.</summary>
public sealed class ForInStmt : Stmt
{
    /// <summary>The loop variable's name.</summary>
    public required string Variable { get; init; }
    /// <summary>The array, map or string iterated.</summary>
    public required Expr Iterable { get; init; }
    /// <summary>The loop body.</summary>
    public required BlockStmt Body { get; init; }
    /// <summary>The loop variable (set by the resolver).</summary>
    public LocalSymbol? Symbol { get; set; }
}
/// <summary>One arm of a <c>match</c>: patterns and the block run when one equals the subject.</summary>
public sealed class MatchArm
{
    /// <summary>Patterns; null means the wildcard <c>_</c>.</summary>
    public required List<Expr?> Patterns { get; init; }
    /// <summary>The block run when a pattern matches.</summary>
    public required BlockStmt Body { get; init; }
}
/// <summary><c>match subject { ... }</c>: the first arm with a matching pattern runs.</summary>
public sealed class MatchStmt : Stmt
{
    /// <summary>The value matched.</summary>
    public required Expr Subject { get; init; }
    /// <summary>The arms, in order.</summary>
    public required List<MatchArm> Arms { get; init; }
}
/// <summary><c>try { ... } catch e { ... } finally { ... }</c> (at least one of catch and finally).</summary>
public sealed class TryStmt : Stmt
{
    /// <summary>The protected block.</summary>
    public required BlockStmt Body { get; init; }
    /// <summary>Has a <c>catch</c> clause.</summary>
    public bool HasCatch { get; init; }
    /// <summary>The name the caught value is bound to; null when the clause names none.</summary>
    public string? CatchName { get; init; }
    /// <summary>The <c>catch</c> block, when there is one.</summary>
    public BlockStmt? CatchBody { get; init; }
    /// <summary>The <c>finally</c> block, when there is one.</summary>
    public BlockStmt? Finally { get; init; }
    /// <summary>The caught value's local (set by the resolver).</summary>
    public LocalSymbol? CatchSymbol { get; set; }
}
/// <summary><c>throw value</c>.</summary>
public sealed class ThrowStmt : Stmt
{
    /// <summary>The value thrown (any value).</summary>
    public required Expr Value { get; init; }
}
/// <summary><c>return</c> with an optional value.</summary>
public sealed class ReturnStmt : Stmt
{
    /// <summary>The value returned; null returns nil.</summary>
    public Expr? Value { get; init; }
}
/// <summary><c>break</c>.</summary>
public sealed class BreakStmt : Stmt { }
/// <summary><c>continue</c>.</summary>
public sealed class ContinueStmt : Stmt { }
/// <summary><c>import name</c> or <c>import "path" as name</c>.</summary>
public sealed class ImportStmt : Stmt
{
    /// <summary>The built-in module's name or the file path.</summary>
    public required string Path { get; init; }
    /// <summary>The name the module is bound to.</summary>
    public required string BindName { get; init; }
    /// <summary>The binding's local (set by the resolver); null for a global.</summary>
    public LocalSymbol? Symbol { get; set; }
}
