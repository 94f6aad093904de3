using System.Diagnostics.CodeAnalysis;
using Sentra.Runtime;

namespace Sentra;

/// <summary>Throw helpers kept out of line so that hot callers stay small (STYLE practice 3).</summary>
public static class Throw
{
    /// <summary>Raises a catchable runtime error with <paramref name="message"/>.</summary>
    [DoesNotReturn]
    public static void Error(string message) => throw new SentraRuntimeException(message);

    /// <summary>Raises a catchable runtime error; typed so that it can end an expression of any type.</summary>
    [DoesNotReturn]
    public static T Error<T>(string message) => throw new SentraRuntimeException(message);

    /// <summary>Raises a catchable runtime error where a <see cref="Runtime.Value"/> is expected.</summary>
    [DoesNotReturn]
    public static Value Value(string message) => throw new SentraRuntimeException(message);
}
