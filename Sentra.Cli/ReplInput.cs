using System.Runtime.CompilerServices;
using RadLine;
using Spectre.Console;

namespace Sentra.Cli;

/// <summary>Where the REPL reads its lines: a terminal with line editing, or plain text.</summary>
internal interface IReplInput
{
    /// <summary>Whether a person types at a terminal (the REPL then greets and prompts).</summary>
    bool IsInteractive { get; }

    /// <summary>The next line (without its end), or null at the end of input.</summary>
    string? ReadLine(string prompt);
}

/// <summary>
/// Lines from a reader, without prompts: input piped or redirected into <c>sentra repl</c>,
/// and tests. The output then holds only what the inputs print and echo.
/// </summary>
internal sealed class TextReplInput(TextReader reader) : IReplInput
{
    public bool IsInteractive => false;

    public string? ReadLine(string prompt) => reader.ReadLine();
}

/// <summary>
/// A terminal with RadLine's line editor: cursor movement, editing keys and a history of the
/// session's inputs (up and down arrows). RadLine writes the prompt and the echo of the keys
/// itself, through Spectre.Console.
/// </summary>
internal sealed class TerminalReplInput : IReplInput
{
    private readonly LineEditor _editor;
    private readonly SwitchingPrompt _prompt = new();

    /// <summary>Set by Ctrl+D on an empty line: the session ends, as at the end of piped input.</summary>
    private bool _endOfInput;

    private TerminalReplInput(IAnsiConsole console)
    {
        _editor = new LineEditor(console) { Prompt = _prompt };
        _editor.KeyBindings.Add(ConsoleKey.D, ConsoleModifiers.Control, () => new EndOfInputCommand(this));
    }

    /// <summary>Ctrl+D: on an empty line, the end of input (a terminal's usual way out); elsewhere nothing.</summary>
    private sealed class EndOfInputCommand(TerminalReplInput input) : LineEditorCommand
    {
        public override void Execute(LineEditorContext context)
        {
            if (context.Buffer.Length > 0) return;
            input._endOfInput = true;
            context.Submit(SubmitAction.Submit);
        }
    }

    /// <summary>The REPL's prompt of the moment: a new input's or a continuation line's.</summary>
    private sealed class SwitchingPrompt : ILineEditorPrompt
    {
        public string Text = Repl.Prompt;

        public (Markup Markup, int Margin) GetPrompt(ILineEditorState state, int line) =>
            (new Markup(Markup.Escape(Text.TrimEnd())), 1);
    }

    public bool IsInteractive => true;

    /// <summary>
    /// A line editor for this terminal, or null when there is none to edit on (input or
    /// output redirected, or a terminal RadLine does not support).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IReplInput? TryCreate()
    {
        if (Console.IsInputRedirected || Console.IsOutputRedirected) return null;
        var console = AnsiConsole.Console;
        if (!LineEditor.IsSupported(console)) return null;
        return new TerminalReplInput(console);
    }

    public string? ReadLine(string prompt)
    {
        _prompt.Text = prompt;
        // RadLine reads keys on this thread; the REPL has nothing else to do meanwhile
        var line = _editor.ReadLine(CancellationToken.None).GetAwaiter().GetResult();
        if (_endOfInput) return null;
        if (line is not null && line.Trim().Length > 0) _editor.History.Add(line);
        return line;
    }
}

/// <summary>A terminal without RadLine: the console's own line input, with prompts.</summary>
internal sealed class ConsoleReplInput(TextWriter stdout) : IReplInput
{
    public bool IsInteractive => true;

    public string? ReadLine(string prompt)
    {
        stdout.Write(prompt);
        stdout.Flush();
        return Console.ReadLine();
    }
}
