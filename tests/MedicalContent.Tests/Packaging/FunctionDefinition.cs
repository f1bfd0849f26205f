using System.Text.Json;
using System.Text.RegularExpressions;

namespace MedicalContent.Tests.Packaging;

/// <summary>One <c>&lt;FunctionName&gt;/function.json</c>, read the way the Functions host reads it.</summary>
public sealed record FunctionDefinition(string Name, string File, IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>The host's own rule for function (folder) names; "host" is reserved.</summary>
    public static readonly Regex ValidName = new(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The host's rule for binding names.</summary>
    public static readonly Regex ValidBindingName = new(@"^([a-zA-Z][a-zA-Z0-9]{0,127}|\$return)$", RegexOptions.CultureInvariant);

    public static readonly IReadOnlySet<string> AuthLevels = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "anonymous", "function", "admin" };

    public IEnumerable<FunctionBinding> HttpTriggers => Bindings.Where(b => b.Is("httpTrigger", "in"));

    public IEnumerable<FunctionBinding> HttpOutputs => Bindings.Where(b => b.Is("http", "out"));

    /// <summary>Every immediate subfolder of <paramref name="root"/> that holds a function.json, as the host discovers them.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll(string root) =>
        Directory.GetDirectories(root)
            .Select(folder => Path.Combine(folder, "function.json"))
            .Where(System.IO.File.Exists)
            .Select(Load)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    public static FunctionDefinition Load(string file)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var bindings = document.RootElement.TryGetProperty("bindings", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(FunctionBinding.Read).ToList()
            : [];
        return new FunctionDefinition(Path.GetFileName(Path.GetDirectoryName(file)!), file, bindings);
    }
}

public sealed record FunctionBinding(string? Type, string? Direction, string? Name, string? AuthLevel, string? Route, IReadOnlyList<string>? Methods)
{
    public bool Is(string type, string direction) =>
        string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(Direction, direction, StringComparison.OrdinalIgnoreCase);

    internal static FunctionBinding Read(JsonElement binding)
    {
        string? Text(string property) =>
            binding.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        // No "methods" means every method, to the host.
        IReadOnlyList<string>? methods = binding.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(m => m.GetString() ?? "").ToList()
            : null;
        return new FunctionBinding(Text("type"), Text("direction"), Text("name"), Text("authLevel"), Text("route"), methods);
    }
}
