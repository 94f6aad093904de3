// SPEC 4.2.11 hashing and encodings. Strings are hashed/encoded as their UTF-8 bytes;
// decoders reproduce Go's encoding/base64 (StdEncoding) and encoding/hex errors.
using System.Security.Cryptography;
using System.Text;
using Sentra.Runtime;

namespace Sentra.Builtins;

/// <summary>md5, sha1, sha256, base64_encode/decode, hex_encode/decode, generate_id.</summary>
internal static class EncodingBuiltins
{
    internal static void Register(BuiltinTable t)
    {
        t.Add("md5", 1, 1, static (_, a) => Hex(MD5.HashData(Utf8(a))));
        t.Add("sha1", 1, 1, static (_, a) => Hex(SHA1.HashData(Utf8(a))));
        t.Add("sha256", 1, 1, static (_, a) => Hex(SHA256.HashData(Utf8(a))));
        t.Add("base64_encode", 1, 1, static (_, a) => Value.FromString(Convert.ToBase64String(Utf8(a))));
        t.Add("base64_decode", 1, 1, Base64Decode);
        t.Add("hex_encode", 1, 1, static (_, a) => Hex(Utf8(a)));
        t.Add("hex_decode", 1, 1, HexDecode);
        t.Add("generate_id", 0, 0, static (_, _) =>
        {
            long ns = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
            return Value.FromString(ns.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    /// <summary>The UTF-8 bytes of the first argument; their number counts as work against the run's time budget.</summary>
    private static byte[] Utf8(ReadOnlySpan<Value> a)
    {
        string s = Args.Str(a, 0);
        RunBudget.Charge(s.Length);
        RunBudget.Reserve((long)s.Length * 3);
        return Encoding.UTF8.GetBytes(s);
    }

    private static Value Hex(byte[] bytes) => Value.FromString(Convert.ToHexStringLower(bytes));

    private static Value Base64Decode(IRuntime rt, ReadOnlySpan<Value> a)
    {
        byte[] src = Utf8(a);
        var output = new List<byte>(src.Length * 3 / 4);
        long err = DecodeBase64(src, output);
        if (err >= 0) return BuiltinError.Of($"base64_decode error: illegal base64 data at input byte {err}");
        return Value.FromString(Encoding.UTF8.GetString(output.ToArray()));
    }

    private static int DecodeChar(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    /// <summary>Go base64.StdEncoding.Decode: padding required, CR/LF ignored. Returns the error offset or -1.</summary>
    private static long DecodeBase64(byte[] src, List<byte> dst)
    {
        int si = 0;
        Span<int> dbuf = stackalloc int[4];
        while (true)
        {
            int dlen = 4;
            dbuf.Clear();
            for (int j = 0; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0) return -1;
                    return si - j; // padded encoding: an incomplete quantum is an error
                }
                byte input = src[si++];
                int outv = DecodeChar(input);
                if (outv >= 0) { dbuf[j] = outv; continue; }
                if (input is (byte)'\n' or (byte)'\r') { j--; continue; }
                if (input != '=') return si - 1;
                // Padding: only at j == 2 ("==") or j == 3 ("=").
                switch (j)
                {
                    case 0:
                    case 1:
                        return si - 1;
                    case 2:
                        while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                        if (si == src.Length) return src.Length;
                        if (src[si] != '=') return si - 1;
                        si++;
                        break;
                }
                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                if (si < src.Length) return si; // trailing garbage
                dlen = j;
                break;
            }
            int val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
            if (dlen >= 2) dst.Add((byte)(val >> 16));
            if (dlen >= 3) dst.Add((byte)(val >> 8));
            if (dlen >= 4) dst.Add((byte)val);
            if (dlen < 4) return -1;
        }
    }

    /// <summary>Go hex.DecodeString, with its error texts.</summary>
    private static Value HexDecode(IRuntime rt, ReadOnlySpan<Value> a)
    {
        byte[] src = Utf8(a);
        var dst = new byte[src.Length / 2];
        int i = 0, j = 1;
        for (; j < src.Length; j += 2)
        {
            int hi = HexValue(src[j - 1]), lo = HexValue(src[j]);
            if (hi < 0) return InvalidHexByte(src[j - 1]);
            if (lo < 0) return InvalidHexByte(src[j]);
            dst[i++] = (byte)(hi << 4 | lo);
        }
        if (src.Length % 2 == 1)
        {
            if (HexValue(src[j - 1]) < 0) return InvalidHexByte(src[j - 1]);
            return BuiltinError.Of("hex_decode error: encoding/hex: odd length hex string");
        }
        return Value.FromString(Encoding.UTF8.GetString(dst));
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Go: "encoding/hex: invalid byte: %#U" of the byte as a rune.</summary>
    private static Value InvalidHexByte(byte b)
    {
        string u = $"U+{b:X4}";
        bool printable = b >= 0x21 && b < 0x7F || b > 0xA0 && b != 0xAD || b == 0x20;
        if (printable) u += $" '{(char)b}'";
        return BuiltinError.Of($"hex_decode error: encoding/hex: invalid byte: {u}");
    }
}
