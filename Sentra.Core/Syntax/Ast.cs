namespace Sentra.Syntax;

// The syntax tree. Nodes carry the line/column of their first token. Declarations and
// variable references get a resolved Symbol from the Resolver before compilation.

public abstract class Node
{
    public int Line { get; init; }
    public int Column { get; init; }
}

public abstract class Expr : Node { }
public abstract class Stmt : Node { }

/// <summary>A resolved name: a local (possibly captured) or, when null, a module global.</summary>
public sealed class LocalSymbol(string name, bool isConst, FunctionNode owner)
{
    public string Name { get; } = name;
    public bool IsConst { get; } = isConst;
    public FunctionNode Owner { get; } = owner;
    /// <summary>Captured by an inner function: lives in a Cell.</summary>
    public bool Captured { get; set; }
    /// <summary>Slot assigned by the compiler.</summary>
    public int Slot { get; set; } = -1;
}

// ---- expressions ----
public sealed class LiteralExpr : Expr { public required object? Value { get; init; } }
public sealed class VariableExpr : Expr
{
    public required string Name { get; init; }
    public LocalSymbol? Symbol { get; set; }
}
public sealed class UnaryExpr : Expr { public required TokenKind Op { get; init; } public required Expr Operand { get; init; } }
public sealed class BinaryExpr : Expr { public required TokenKind Op { get; init; } public required Expr Left { get; init; } public required Expr Right { get; init; } }
public sealed class LogicalExpr : Expr { public required TokenKind Op { get; init; } public required Expr Left { get; init; } public required Expr Right { get; init; } }
public sealed class CallExpr : Expr { public required Expr Callee { get; init; } public required List<Expr> Args { get; init; } }
public sealed class IndexExpr : Expr { public required Expr Target { get; init; } public required Expr Index { get; init; } }
public sealed class PropertyExpr : Expr { public required Expr Target { get; init; } public required string Name { get; init; } }
public sealed class ArrayExpr : Expr { public required List<Expr> Elements { get; init; } }
public sealed class MapExpr : Expr { public required List<(Expr Key, Expr Value)> Entries { get; init; } }
public sealed class FunctionExpr : Expr { public required FunctionNode Function { get; init; } }
public sealed class IfExpr : Expr { public required IfStmt If { get; init; } }
public sealed class BlockExpr : Expr { public required BlockStmt Block { get; init; } }

/// <summary>A function body (named, lambda, or the script itself).</summary>
public sealed class FunctionNode : Node
{
    public required string Name { get; init; }
    public required List<string> Params { get; init; }
    public required List<Stmt> Body { get; init; }
    public bool IsScript { get; init; }
    /// <summary>Parameter symbols, set by the resolver.</summary>
    public List<LocalSymbol> ParamSymbols { get; } = [];
    /// <summary>Locals declared directly in the body (set by the resolver; empty for scripts, whose top level is global).</summary>
    public List<LocalSymbol> BodyLocals { get; } = [];
    public FunctionNode? Enclosing { get; set; }
}

// ---- statements ----
public sealed class ExprStmt : Stmt { public required Expr Expr { get; init; } }
public sealed class VarStmt : Stmt
{
    public required string Name { get; init; }
    public Expr? Init { get; init; }
    public bool IsConst { get; init; }
    public bool IsExport { get; init; }
    public LocalSymbol? Symbol { get; set; }
}
public sealed class FnDeclStmt : Stmt
{
    public required FunctionNode Function { get; init; }
    public bool IsExport { get; init; }
    public LocalSymbol? Symbol { get; set; }
}
public sealed class AssignStmt : Stmt { public required VariableExpr Target { get; init; } public required Expr Value { get; init; } }
public sealed class IndexAssignStmt : Stmt { public required Expr Target { get; init; } public required Expr Index { get; init; } public required Expr Value { get; init; } }
public sealed class PropertyAssignStmt : Stmt { public required Expr Target { get; init; } public required string Name { get; init; } public required Expr Value { get; init; } }
public sealed class BlockStmt : Stmt
{
    public required List<Stmt> Statements { get; init; }
    /// <summary>Locals declared directly in this block (set by the resolver).</summary>
    public List<LocalSymbol> Locals { get; } = [];
}
public sealed class IfStmt : Stmt
{
    public required Expr Condition { get; init; }
    public required BlockStmt Then { get; init; }
    /// <summary>An <see cref="IfStmt"/> or a <see cref="BlockStmt"/>, or null.</summary>
    public Stmt? Else { get; init; }
}
public sealed class WhileStmt : Stmt { public required Expr Condition { get; init; } public required BlockStmt Body { get; init; } }
public sealed class ForStmt : Stmt
{
    public Stmt? Init { get; init; }
    public Expr? Condition { get; init; }
    public Stmt? Update { get; init; }
    public required BlockStmt Body { get; init; }
    /// <summary>The init variable, if the init declares one.</summary>
    public List<LocalSymbol> Locals { get; } = [];
}
public sealed class ForInStmt : Stmt
{
    public required string Variable { get; init; }
    public required Expr Iterable { get; init; }
    public required BlockStmt Body { get; init; }
    public LocalSymbol? Symbol { get; set; }
}
public sealed class MatchArm
{
    /// <summary>Patterns; null means the wildcard <c>_</c>.</summary>
    public required List<Expr?> Patterns { get; init; }
    public required BlockStmt Body { get; init; }
}
public sealed class MatchStmt : Stmt { public required Expr Subject { get; init; } public required List<MatchArm> Arms { get; init; } }
public sealed class TryStmt : Stmt
{
    public required BlockStmt Body { get; init; }
    public bool HasCatch { get; init; }
    public string? CatchName { get; init; }
    public BlockStmt? CatchBody { get; init; }
    public BlockStmt? Finally { get; init; }
    public LocalSymbol? CatchSymbol { get; set; }
}
public sealed class ThrowStmt : Stmt { public required Expr Value { get; init; } }
public sealed class ReturnStmt : Stmt { public Expr? Value { get; init; } }
public sealed class BreakStmt : Stmt { }
public sealed class ContinueStmt : Stmt { }
public sealed class ImportStmt : Stmt
{
    public required string Path { get; init; }
    public required string BindName { get; init; }
    public LocalSymbol? Symbol { get; set; }
}
