namespace Sentra.Bytecode;

/// <summary>A protected code range and where its handler starts (SPEC 3.12).</summary>
/// <param name="Start">First protected offset.</param>
/// <param name="End">One past the last protected offset.</param>
/// <param name="Target">Handler entry; the raised value is pushed there.</param>
/// <param name="StackDepth">Operand-stack depth (above the locals) to restore before pushing.</param>
/// <param name="IsFinally">A finally handler receives the pending error itself (so that
/// re-raising it keeps its kind and trace); a catch handler receives the raised value.</param>
public readonly record struct ExceptionHandler(int Start, int End, int Target, int StackDepth, bool IsFinally);
