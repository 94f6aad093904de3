using BenchmarkDotNet.Running;

namespace Sentra.Bench;

/// <summary>Entry point: BenchmarkDotNet's switcher (pass <c>--filter '*'</c>, <c>--list flat</c>, <c>--job short</c>, ...).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
