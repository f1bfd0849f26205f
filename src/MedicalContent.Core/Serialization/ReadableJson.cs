using System.Text.Encodings.Web;
using System.Text.Json;

namespace MedicalContent.Serialization;

public sealed partial class CoreJsonContext
{
    /// <summary>
    /// What the API serves: strings as written. The default encoder escapes for HTML (<c>don\u0027t</c>,
    /// <c>\u0022good\u0022</c>, every non-ASCII letter); the API answers <c>application/json</c> with
    /// <c>X-Content-Type-Options: nosniff</c> and is never inlined into HTML by us, so only what JSON itself requires
    /// is escaped (quotes, backslashes, control characters).
    /// </summary>
    public static CoreJsonContext Readable => ReadableHolder.Instance;

    // A holder class, so the instance is made after Default (static initialisers of partial files run in no set order).
    private static class ReadableHolder
    {
        public static readonly CoreJsonContext Instance = new(new JsonSerializerOptions(Default.Options) { Encoder = ReadableJson.Encoder });
    }
}

/// <summary>The one encoder of served JSON, shared by the representations and the HTTP layer's problem details.</summary>
public static class ReadableJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
