using BenchmarkDotNet.Running;

namespace Sentra.Bench;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (pass <c>--filter '*'</c>, <c>--list flat</c>,
/// <c>--job short</c>, ...), or <c>--steady [NAME...]</c> for the quick in-process check.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--steady")
        {
            SteadyState.Run(args.Skip(1));
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
