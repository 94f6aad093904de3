namespace Sentra.Execution;

/// <summary>Finds module source for an import path (SPEC 3.13); hosts may replace it.</summary>
public interface IModuleResolver
{
    /// <summary>Returns (canonical key, display file name, source) or null when not found.</summary>
    (string Key, string File, string Source)? Resolve(string path, string importingFile);
}
