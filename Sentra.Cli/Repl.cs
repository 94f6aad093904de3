using System.Diagnostics;
using System.Text;
using Sentra.Bytecode;
using Sentra.Execution;
using Sentra.Hosting;
using Sentra.Runtime;

namespace Sentra.Cli;

/// <summary>
/// The read-eval-print loop of <c>sentra repl</c>. Each input is compiled as the next piece
/// of one engine session (<see cref="SentraEngine.Evaluate"/>), so globals and functions
/// stay defined between inputs. An input whose syntax error is at its end (an open brace,
/// an unfinished expression or string) is not an error yet: the loop reads more lines until
/// the piece is complete or a blank line gives it up. The value of a last expression is
/// printed unless it is nil; an error is printed and the session goes on. Lines starting
/// with a colon are commands (<c>:help</c> lists them).
/// </summary>
internal sealed class Repl
{
    /// <summary>The prompt of a new input and of its continuation lines.</summary>
    internal const string Prompt = "> ", MorePrompt = "... ";

    private readonly IReplInput _input;
    private readonly TextWriter _stdout, _stderr;
    private readonly string _tierName;
    private readonly ITierBackend? _backend;
    private readonly SentraEngine _engine;
    private int _inputs;
    private string _lastStats = "no input run yet";

    public Repl(IReplInput input, TextWriter stdout, TextWriter stderr, string tierName, int? jitThreshold)
    {
        _input = input;
        _stdout = stdout;
        _stderr = stderr;
        _tierName = tierName;
        var tier = tierName switch
        {
            "jit" => Tier.Jit,
            "tiered" => Tier.Tiered,
            "stress" => Tier.DeoptStress,
            _ => Tier.Interpreter,
        };
        _backend = tier == Tier.Interpreter ? null : JitSupport.CreateBackend(tier, jitThreshold, null);
        _engine = new SentraEngine(new EngineOptions
        {
            Tier = tier,
            TierBackend = _backend,
            Output = stdout,
            ModuleResolver = new FileModuleResolver(),
            AllowFileAccess = true,
            AllowEnvironment = true,
            // a REPL keeps going after a script calls os.exit: the loop ends instead
        });
    }

    /// <summary>Runs the loop until <c>:quit</c> or the end of input; the exit code (0).</summary>
    public int Run()
    {
        if (_input.IsInteractive) _stdout.WriteLine("Sentra REPL (tier " + _tierName + "). Type :help for commands, :quit to leave.");
        while (true)
        {
            _stdout.Flush();
            var line = _input.ReadLine(Prompt);
            if (line is null) return 0;
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith(':'))
            {
                if (!Command(trimmed)) return 0;
                continue;
            }
            var source = new StringBuilder(line);
            while (true)
            {
                var outcome = Evaluate(source.ToString(), "<repl>");
                if (outcome != Outcome.Incomplete) break;
                _stdout.Flush();
                var more = _input.ReadLine(MorePrompt);
                if (more is null || more.Trim().Length == 0)
                {
                    // the input ends (or a blank line gives it up): report what is missing
                    Evaluate(source.ToString(), "<repl>", final: true);
                    if (more is null) return 0;
                    break;
                }
                source.Append('\n').Append(more);
            }
        }
    }

    private enum Outcome { Done, Incomplete }

    /// <summary>
    /// Compiles and runs one piece; prints its value or its error. A syntax error at the end
    /// of the text means the piece is unfinished (unless <paramref name="final"/>).
    /// </summary>
    private Outcome Evaluate(string source, string file, bool final = false)
    {
        _inputs++;
        var clock = Stopwatch.StartNew();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int g0 = GC.CollectionCount(0);
        try
        {
            var value = _engine.Evaluate(source, file);
            _stdout.Flush();
            if (!value.IsNil) _stdout.WriteLine(Echo(value));
        }
        catch (SentraSyntaxException e) when (!final && IsAtEnd(e))
        {
            return Outcome.Incomplete;
        }
        catch (SentraExitException e)
        {
            _stdout.Flush();
            _stderr.WriteLine($"(os.exit({e.Code}) ends the script, not the REPL; :quit leaves)");
        }
        catch (SentraException e)
        {
            _stdout.Flush();
            _stderr.WriteLine(e.Render());
        }
        finally
        {
            clock.Stop();
            _lastStats = $"last input: {clock.Elapsed.TotalMilliseconds:F1} ms, allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1024.0:F1} KB, " +
                $"gen0 GCs {GC.CollectionCount(0) - g0}";
        }
        return Outcome.Done;
    }

    /// <summary>
    /// Whether a syntax error only says the text stopped too early: the parser met the end
    /// of input, or a string or block comment is still open.
    /// </summary>
    internal static bool IsAtEnd(SentraSyntaxException e) =>
        e.ErrorMessage.Contains("'EOF'", StringComparison.Ordinal)
        || e.ErrorMessage.Contains("end of file", StringComparison.Ordinal)
        || e.ErrorMessage.StartsWith("Unterminated", StringComparison.Ordinal);

    /// <summary>How the REPL shows a value: as <c>print</c> does, with a string in quotes so that "1" and 1 differ.</summary>
    internal static string Echo(Value value) =>
        value.IsString ? "\"" + value.AsString.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"" : ValueFormatter.ToDisplayString(value);

    internal const string Help =
        """
        Enter statements or expressions; the value of an expression is printed.
        An unfinished input (an open brace, a trailing operator) continues on the next line;
        a blank line abandons it.
          :help          this text
          :quit          leave (also :q or end of input, Ctrl+D)
          :tier          the execution tier of this session
          :stats         time and allocations of the last input, and what the JIT compiled
          :disasm NAME   the bytecode of function NAME (without NAME: of the last input)
          :load FILE     run a script file in this session (its globals stay defined)
        """;

    /// <summary>Runs a colon command; false when it ends the session.</summary>
    private bool Command(string text)
    {
        int space = text.IndexOf(' ');
        string name = space < 0 ? text : text[..space];
        string arg = space < 0 ? "" : text[(space + 1)..].Trim();
        switch (name)
        {
            case ":quit" or ":q" or ":exit":
                return false;
            case ":help" or ":h" or ":?":
                _stdout.WriteLine(Help);
                break;
            case ":tier":
                _stdout.WriteLine(_tierName);
                break;
            case ":stats":
                _stdout.WriteLine(_lastStats);
                if (_backend is not null) _stdout.Write(JitSupport.Report(_backend));
                break;
            case ":disasm":
                Disasm(arg);
                break;
            case ":load":
                Load(arg);
                break;
            default:
                _stderr.WriteLine($"unknown command {name}; :help lists the commands");
                break;
        }
        return true;
    }

    private void Disasm(string name)
    {
        if (name.Length == 0)
        {
            if (_engine.LastSessionScript is { } last) _stdout.Write(last.Disassemble());
            else _stderr.WriteLine("nothing run yet");
            return;
        }
        var value = _engine.GetGlobal(name);
        if (value.Obj is Closure closure)
        {
            var sb = new StringBuilder();
            Disassembler.Function(sb, closure.Proto, closure.Module.Script.GlobalNames);
            _stdout.Write(sb.ToString());
        }
        else if (value.Obj is SentraCallable) _stderr.WriteLine($"{name} is a builtin: it has no bytecode");
        else _stderr.WriteLine($"{name} is not a function defined in this session");
    }

    private void Load(string file)
    {
        if (file.Length == 0)
        {
            _stderr.WriteLine("usage: :load FILE");
            return;
        }
        string source;
        try
        {
            source = RawFile.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _stderr.WriteLine($"error: cannot read '{file}': {e.Message}");
            return;
        }
        Evaluate(source, file, final: true);
    }
}
