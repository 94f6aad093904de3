namespace Sentra.Execution;

/// <summary>Raised when <see cref="Interpreter.SuspendOnBudget"/> stops a run; the frames stay for <see cref="Interpreter.CaptureTopFrame"/>.</summary>
internal sealed class ScriptSuspendedException : Exception
{
    public ScriptSuspendedException() : base("script suspended") { }
}
