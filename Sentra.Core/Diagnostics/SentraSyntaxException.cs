using System.Text;
using Sentra.Runtime;

namespace Sentra;

/// <summary>A syntax or compile-time error (SPEC 2.6): nothing ran.</summary>
public sealed class SentraSyntaxException : SentraException
{
    public string ErrorMessage { get; }
    public string SourceLine { get; }

    public SentraSyntaxException(string message, SourceSpan span, string sourceLine)
        : base($"{message} at {span}")
    {
        ErrorMessage = message;
        Span = span;
        SourceLine = sourceLine;
    }

    public override string Render()
    {
        var s = Span!.Value;
        var prefix = $"{s.Line} | ";
        var sb = new StringBuilder();
        sb.Append("SyntaxError: ").Append(ErrorMessage).Append('\n');
        sb.Append("  at ").Append(s.File).Append(':').Append(s.Line).Append(':').Append(s.Column).Append('\n');
        sb.Append('\n');
        sb.Append("  ").Append(prefix).Append(SourceLine).Append('\n');
        sb.Append("  ").Append(' ', prefix.Length + Math.Max(0, s.Column - 1)).Append('^');
        return sb.ToString();
    }
}
