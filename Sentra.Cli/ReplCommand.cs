using System.CommandLine;

namespace Sentra.Cli;

/// <summary>
/// <c>sentra repl</c> (also what <c>sentra</c> alone starts on a terminal): its options and
/// the choice of input. A terminal gets RadLine's line editor; redirected input is read as
/// plain lines, without prompts.
/// </summary>
internal static class ReplCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var tierOpt = new Option<string>("--tier")
        {
            Description = "Execution tier: interp, jit, tiered or stress (as for run)",
            DefaultValueFactory = _ => Program.DefaultTier,
        };
        tierOpt.AcceptOnlyFromAmong("interp", "jit", "tiered", "stress");
        var thresholdOpt = new Option<int?>("--jit-threshold") { Description = "Calls before the tiered JIT compiles a function (default 500)" };
        var repl = new Command("repl", "Start an interactive session (read, evaluate, print)") { tierOpt, thresholdOpt };
        repl.SetAction(pr =>
        {
            var input = Console.IsInputRedirected ? new TextReplInput(Console.In) : TerminalReplInput.TryCreate() ?? new ConsoleReplInput(stdout);
            return new Repl(input, stdout, stderr, pr.GetValue(tierOpt) ?? Program.DefaultTier, pr.GetValue(thresholdOpt)).Run();
        });
        return repl;
    }
}
