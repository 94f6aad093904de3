using System.Text;
using Sentra.Runtime;

namespace Sentra;

/// <summary>A syntax or compile-time error (SPEC 2.6): nothing ran.</summary>
public sealed class SentraSyntaxException : SentraException
{
    /// <summary>The message alone, without the position.</summary>
    public string ErrorMessage { get; }
    /// <summary>The text of the offending line, for the caret display.</summary>
    public string SourceLine { get; }

    /// <summary>An error at <paramref name="span"/>, whose line reads <paramref name="sourceLine"/>.</summary>
    public SentraSyntaxException(string message, SourceSpan span, string sourceLine)
        : base($"{message} at {span}")
    {
        ErrorMessage = message;
        Span = span;
        SourceLine = sourceLine;
    }

    /// <inheritdoc/>
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
