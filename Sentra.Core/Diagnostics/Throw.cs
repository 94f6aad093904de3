using System.Diagnostics.CodeAnalysis;
using Sentra.Runtime;

namespace Sentra;

/// <summary>Throw helpers kept out of line so that hot callers stay small (STYLE practice 3).</summary>
public static class Throw
{
    [DoesNotReturn]
    public static void Error(string message) => throw new SentraRuntimeException(message);

    [DoesNotReturn]
    public static T Error<T>(string message) => throw new SentraRuntimeException(message);

    [DoesNotReturn]
    public static Value Value(string message) => throw new SentraRuntimeException(message);
}
