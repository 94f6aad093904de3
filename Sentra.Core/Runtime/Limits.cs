namespace Sentra.Runtime;

/// <summary>Hard limits that protect the host process.</summary>
public static class Limits
{
    /// <summary>Largest array a script may build.</summary>
    public const int MaxArrayLength = 1 << 28;
    /// <summary>Largest string (in UTF-16 code units) a script may build.</summary>
    public const int MaxStringLength = 1 << 29;
    /// <summary>SPEC 3.10: the number of active Sentra calls.</summary>
    public const int MaxCallDepth = 10_000;
}
