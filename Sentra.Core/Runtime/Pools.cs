using System.Text;
using Microsoft.Extensions.ObjectPool;

namespace Sentra.Runtime;

/// <summary>Pools shared by the runtime (DESIGN "memory pooling").</summary>
public static class Pools
{
    /// <summary>StringBuilders for str/join/JSON/concatenation.</summary>
    public static readonly ObjectPool<StringBuilder> StringBuilders =
        new DefaultObjectPoolProvider { MaximumRetained = 16 }.CreateStringBuilderPool(256, 64 * 1024);
}
