using Sentra.Bytecode;
using Sentra.Compilation;
using Xunit;

namespace Sentra.Tests.Unit;

/// <summary>Golden bytecode for a few snippets (STYLE practice 6) plus structural checks.</summary>
public sealed class CompilerTests
{
    private static string Listing(string src)
    {
        var script = Compiler.Compile(src, "g.sn");
        return Disassembler.Disassemble(script).Replace("\r", "");
    }

    [Fact]
    public void GoldenArithmeticAndGlobals()
    {
        var expected = """
            == <script> (arity 0, locals 0, stack 2, upvalues 0) ==
            0000    1  Int              1
            0002    |  AddK             2
            0004    |  StoreGlobal      N (x)
            0006    2  LoadGlobal       N (x)
            0008    |  Const            0 (2.5)
            0010    |  Mul
            0011    |  CallGlobal       L (log) args 1
            0014    |  Pop
            0015    |  Nil
            0016    |  Return

            """;
        var n = Builtins.BuiltinRegistry.Count;
        var l = Builtins.BuiltinRegistry.SlotOf("log");
        expected = expected.Replace("N (x)", $"{n} (x)").Replace("L (log)", $"{l} (log)");
        Assert.Equal(expected, Listing("let x = 1 + 2\nlog(x * 2.5)"));
    }

    [Fact]
    public void GlobalCalleesAreReadByTheCallOnlyWhenTheArgumentsRunNoCode()
    {
        // f(n - 1, [n], {"k": n.x}): operators, literals and variables cannot assign f, so the
        // call reads it; g(h(n)) and g(if ...) could (a call, a statement), so g is pushed first.
        // k is a local (CallLocal). f, g and h are hoisted top-level functions and len
        // a builtin: always assigned, no check; p is a let, checked before its arguments
        var text = Listing("""
            fn f(n) {
              let k = f
              f(n - 1, [n], {"k": n.x})
              g(h(n))
              g(if n { 1 } else { 2 })
              k(n)
              p(len(n))
              p(n)
            }
            fn g(x) { return x }
            fn h(x) { return x }
            let p = g
            """);
        Assert.Matches(@"CallGlobal       \d+ \(f\) args 3", text);
        Assert.Matches(@"CallGlobal       \d+ \(h\) args 1", text);
        Assert.Matches(@"CallGlobal       \d+ \(len\) args 1", text);
        // the two calls of g, and `let p = g`
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(text, @"LoadGlobal       \d+ \(g\)").Count);
        Assert.DoesNotContain("(g) args", text);
        Assert.Contains("CallLocal        1 args 1", text);
        // p(len(n)) pushes p (the argument calls); p(n) checks p, then calls it
        Assert.Matches(@"LoadGlobal       \d+ \(p\)", text);
        Assert.Matches(@"CheckGlobal      \d+ \(p\)\n.*LoadLocal        0\n.*CallGlobal       \d+ \(p\) args 1", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "CheckGlobal"));
    }

    [Fact]
    public void LocalAndUpvalueCalleesAreReadByTheCallWhenTheArgumentsCannotAssignThem()
    {
        // f(x) and f(f(x)): calls cannot assign this function's plain locals (CallLocal);
        // f(if ...) holds a statement that could, so f is loaded first. In the lambda, g is an
        // upvalue: g(y) runs no code (CallUpval), g(h(y)) calls h, which could assign it
        var text = Listing("""
            fn outer(f, x, h) {
              f(f(x))
              f(if x { 1 } else { 2 })
              let g = f
              return fn(y) => [g(y), g(h(y))]
            }
            """);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, @"CallLocal        0 args 1").Count);
        Assert.Matches(@"LoadLocal        0\n.*LoadLocal        1\n.*JumpIfFalse", text);
        Assert.Matches(@"CallUpval        0 args 1", text);
        Assert.Matches(@"LoadUpval        0\n.*LoadLocal        0\n.*CallUpval        1 args 1\n.*Call             1\n", text);
    }

    [Fact]
    public void IntLiteralRightOperandsUseTheImmediateForms()
    {
        // n is a plain local (the LK forms read it in place); m[0] is not
        var text = Listing("fn f(n, m) {\n  if n < 2 { return n % 7 }\n  if m[0] >= 3 { return m[0] * 2 }\n  return n - 1 == m[0] + 1\n}");
        Assert.Contains("JumpIfNotLtLK    0, 2 -> ", text);
        Assert.Contains("ModK             7", text);
        Assert.Contains("JumpIfNotGeK     3 -> ", text);
        Assert.Contains("MulK             2", text);
        Assert.Contains("SubLK            0, 1", text);
        Assert.Contains("AddK             1", text);
        foreach (var k in new[] { 1, 2, 3, 7 }) Assert.DoesNotContain($"Int              {k}\n", text);
    }

    [Fact]
    public void ImmediateFormsAreNotUsedWhereTheGenericOperatorDiffers()
    {
        // % by zero or a negative literal keeps the generic path (its fast path needs k > 0);
        // a literal beyond 32 bits and a float literal stay constants
        var text = Listing("fn f(n) {\n  return [n % 0, n % -3, n + 3000000000, n * 1.5]\n}");
        Assert.DoesNotContain("ModK", text);
        Assert.DoesNotContain("AddK", text);
        Assert.DoesNotContain("MulK", text);
        Assert.Contains("Mod", text);
    }

    [Fact]
    public void GoldenClosureCapturesCellOfEnclosingLocal()
    {
        var text = Listing("fn mk() {\n  let c = 0\n  return fn() => c\n}");
        Assert.Contains("NewCell          0", text);
        Assert.Contains("Closure          0 (<lambda>) local 0", text);
        Assert.Contains("LoadUpval        0", text);
    }

    [Fact]
    public void GoldenWhileLoopUsesSuperinstructions()
    {
        var text = Listing("fn f(n) {\n  let i = 0\n  while i < n { i = i + 1 }\n  return i\n}");
        var expected = """
            == f (arity 1, locals 2, stack 2, upvalues 0) ==
            0000    2  Int              0
            0002    |  StoreLocal       1
            0004    3  LoadLocal2       1, 0
            0007    |  JumpIfNotLt      -> 14
            0009    |  AddLocalImm      1, 1
            0012    |  Loop             -> 4
            0014    4  ReturnLocal      1
            0016    |  Nil
            0017    |  Return

            """;
        Assert.EndsWith(expected, text);
    }

    [Fact]
    public void StrOfAnIntInAConcatenationIsAStrCallNotACall()
    {
        // "k" + str(i): no builtin call when str is the builtin (StrCall), one string (ConcatN)
        var text = Listing("fn f(i) {\n  return \"k\" + str(i)\n}");
        var expected = """
            == f (arity 1, locals 1, stack 2, upvalues 0) ==
            0000    2  Const            0 ("k")
            0002    |  LoadLocal        0
            0004    |  StrCall          4 (str)
            0006    |  ToStr
            0007    |  ConcatN          2
            0009    |  Return
            """;
        Assert.Contains(expected, text);
        // an argument that runs code keeps the plain call (the global is read before it)
        var call = Listing("fn g(x) { return x }\nfn f(i) {\n  return \"k\" + str(g(i))\n}");
        Assert.DoesNotContain("StrCall", call);
        Assert.Contains("Add", call);
    }

    [Fact]
    public void TryFinallyProducesCatchAndFinallyHandlers()
    {
        var script = Compiler.Compile("try { f() } catch e { g() } finally { h() }", "t.sn");
        var hs = script.Main.Handlers;
        Assert.Contains(hs, h => !h.IsFinally);
        Assert.Contains(hs, h => h.IsFinally);
    }

    [Fact]
    public void GlobalsAreResolvedToSlotsAtCompileTime()
    {
        var script = Compiler.Compile("let a = 1\nfn f() { b = a }", "t.sn");
        Assert.Contains("a", script.GlobalNames);
        Assert.Contains("b", script.GlobalNames);
        Assert.Equal("log", script.GlobalNames[Builtins.BuiltinRegistry.SlotOf("log")]);
    }

    [Fact]
    public void LongJumpsAreExact()
    {
        var body = string.Concat(Enumerable.Repeat("log(1)\n", 500));
        var script = Compiler.Compile($"let x = 5\nif x == 6 {{\n{body}}}\nlog(2)", "t.sn");
        Assert.True(script.Main.Code.Length > 1000);
    }

    [Theory]
    [InlineData("const X = 1\nX = 2", "cannot assign to constant 'X'", 2)]
    [InlineData("const X = 1\nfn f() { X = 3 }", "cannot assign to constant 'X'", 2)]
    [InlineData("fn f() {\n  break\n}", "break outside of loop", 2)]
    [InlineData("while true { fn g() { continue } }", "continue outside of loop", 1)]
    public void CompileTimeErrors(string src, string message, int line)
    {
        var e = Assert.Throws<SentraSyntaxException>(() => Compiler.Compile(src, "t.sn"));
        Assert.Equal(message, e.ErrorMessage);
        Assert.Equal(line, e.Span!.Value.Line);
    }

    [Fact]
    public void LineTableMapsPcsToLines()
    {
        var script = Compiler.Compile("log(1)\n\nlog(2)", "t.sn");
        var main = script.Main;
        Assert.Equal(1, main.Lines.LineOf(0));
        Assert.Equal(3, main.Lines.LineOf(main.Code.Length - 1));
    }
}
