using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MedicalContent.Validation;

/// <summary>
/// A small JSON Schema (draft 2020-12) evaluator for the keywords our schemas use. It is reflection-free so the
/// API can validate with the very schema files the CLI and editors use, under Native AOT.
/// </summary>
public sealed class JsonSchema
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "$defs", "$comment", "default", "examples", "deprecated"];

    private static readonly HashSet<string> Supported =
    [
        "$ref", "type", "enum", "const", "required", "properties", "additionalProperties", "propertyNames",
        "minProperties", "items", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern",
        "minimum", "maximum", "anyOf", "oneOf", "allOf", "not",
    ];

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    private JsonSchema(JsonElement root)
    {
        _root = root;
        CheckKeywords(root, "");
    }

    /// <summary>The content model's schema files, as embedded and served.</summary>
    public static IReadOnlyList<string> Names { get; } = ["article.schema.json", "audiences.schema.json", "syndication.schema.json"];

    public static JsonSchema Article { get; } = LoadEmbedded("article.schema.json");

    public static JsonSchema AudienceVocabulary { get; } = LoadEmbedded("audiences.schema.json");

    public static JsonSchema Syndication { get; } = LoadEmbedded("syndication.schema.json");

    /// <summary>When the newest embedded schema file was last written (their Last-Modified), stamped at build.</summary>
    public static DateTimeOffset EmbeddedAt { get; } = DateTimeOffset.Parse(
        typeof(JsonSchema).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildTimestamp").Value!,
        CultureInfo.InvariantCulture);

    /// <summary>The schema file as published (served to frontends that generate types).</summary>
    public static byte[] ReadEmbeddedBytes(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"MedicalContent.Schemas.{name}")
            ?? throw new InvalidOperationException($"Embedded schema '{name}' is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static JsonSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new JsonSchema(document.RootElement.Clone());
    }

    private static JsonSchema LoadEmbedded(string name)
    {
        using var document = JsonDocument.Parse(ReadEmbeddedBytes(name));
        return new JsonSchema(document.RootElement.Clone());
    }

    /// <summary>Every way <paramref name="instance"/> breaks the schema, as (JSON pointer, message) pairs.</summary>
    public IReadOnlyList<(string Pointer, string Message)> Evaluate(JsonElement instance)
    {
        var errors = new List<(string, string)>();
        Evaluate(_root, instance, "", errors);
        return errors;
    }

    private void Evaluate(JsonElement schema, JsonElement instance, string pointer, List<(string, string)> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add((pointer, "is not allowed here"));
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Evaluate(Resolve(value.GetString()!), instance, pointer, errors);
                    break;
                case "type":
                    if (!MatchesType(value, instance))
                    {
                        errors.Add((pointer, $"must be {Describe(value)}, not {KindName(instance)}"));
                        return;
                    }

                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)))
                    {
                        errors.Add((pointer, $"must be one of {string.Join(", ", value.EnumerateArray().Select(v => v.GetRawText()))}, not {Short(instance)}"));
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(value, instance))
                    {
                        errors.Add((pointer, $"must be {value.GetRawText()}"));
                    }

                    break;
                case "required" when instance.ValueKind == JsonValueKind.Object:
                    foreach (var name in value.EnumerateArray().Select(n => n.GetString()!))
                    {
                        if (!instance.TryGetProperty(name, out _))
                        {
                            errors.Add((pointer, $"is missing the required property '{name}'"));
                        }
                    }

                    break;
                case "properties" when instance.ValueKind == JsonValueKind.Object:
                    foreach (var property in instance.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out var propertySchema))
                        {
                            Evaluate(propertySchema, property.Value, Append(pointer, property.Name), errors);
                        }
                    }

                    break;
                case "additionalProperties" when instance.ValueKind == JsonValueKind.Object:
                    var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
                    foreach (var property in instance.EnumerateObject())
                    {
                        if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(property.Name, out _))
                        {
                            continue;
                        }

                        if (value.ValueKind == JsonValueKind.False)
                        {
                            errors.Add((Append(pointer, property.Name), $"'{property.Name}' is not a known property"));
                        }
                        else
                        {
                            Evaluate(value, property.Value, Append(pointer, property.Name), errors);
                        }
                    }

                    break;
                case "propertyNames" when instance.ValueKind == JsonValueKind.Object:
                    foreach (var property in instance.EnumerateObject())
                    {
                        var name = JsonSerializer.SerializeToElement(property.Name, Serialization.CoreJsonContext.Default.String);
                        var nameErrors = new List<(string, string)>();
                        Evaluate(value, name, pointer, nameErrors);
                        if (nameErrors.Count > 0)
                        {
                            errors.Add((Append(pointer, property.Name), $"'{property.Name}' is not an allowed key here"));
                        }
                    }

                    break;
                case "minProperties" when instance.ValueKind == JsonValueKind.Object:
                    if (instance.EnumerateObject().Count() < value.GetInt32())
                    {
                        errors.Add((pointer, $"must have at least {value.GetInt32()} propert{(value.GetInt32() == 1 ? "y" : "ies")}"));
                    }

                    break;
                case "items" when instance.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in instance.EnumerateArray())
                    {
                        Evaluate(value, item, Append(pointer, index++.ToString(CultureInfo.InvariantCulture)), errors);
                    }

                    break;
                case "minItems" when instance.ValueKind == JsonValueKind.Array:
                    if (instance.GetArrayLength() < value.GetInt32())
                    {
                        errors.Add((pointer, $"must have at least {value.GetInt32()} item(s)"));
                    }

                    break;
                case "maxItems" when instance.ValueKind == JsonValueKind.Array:
                    if (instance.GetArrayLength() > value.GetInt32())
                    {
                        errors.Add((pointer, $"must have at most {value.GetInt32()} items"));
                    }

                    break;
                case "uniqueItems" when instance.ValueKind == JsonValueKind.Array && value.GetBoolean():
                    var items = instance.EnumerateArray().ToList();
                    for (var i = 0; i < items.Count; i++)
                    {
                        for (var j = 0; j < i; j++)
                        {
                            if (JsonElement.DeepEquals(items[i], items[j]))
                            {
                                errors.Add((Append(pointer, i.ToString(CultureInfo.InvariantCulture)), $"repeats item {j} ({Short(items[i])})"));
                                break;
                            }
                        }
                    }

                    break;
                case "minLength" when instance.ValueKind == JsonValueKind.String:
                    if (CodePoints(instance.GetString()!) < value.GetInt32())
                    {
                        errors.Add((pointer, value.GetInt32() == 1 ? "must not be empty" : $"must be at least {value.GetInt32()} characters long"));
                    }

                    break;
                case "maxLength" when instance.ValueKind == JsonValueKind.String:
                    if (CodePoints(instance.GetString()!) > value.GetInt32())
                    {
                        errors.Add((pointer, $"must be at most {value.GetInt32()} characters long"));
                    }

                    break;
                case "pattern" when instance.ValueKind == JsonValueKind.String:
                    if (!Pattern(value.GetString()!).IsMatch(instance.GetString()!))
                    {
                        // A pattern alone is hard to read; the schema's own description says what is expected ("DOI without resolver prefix, e.g. ...").
                        var expected = schema.TryGetProperty("description", out var description) ? $": expected {description.GetString()}" : "";
                        errors.Add((pointer, $"{Short(instance)} does not match the pattern {value.GetString()}{expected}"));
                    }

                    break;
                case "minimum" when instance.ValueKind == JsonValueKind.Number:
                    if (CompareNumbers(instance, value) < 0)
                    {
                        errors.Add((pointer, $"must be at least {value.GetRawText()}"));
                    }

                    break;
                case "maximum" when instance.ValueKind == JsonValueKind.Number:
                    if (CompareNumbers(instance, value) > 0)
                    {
                        errors.Add((pointer, $"must be at most {value.GetRawText()}"));
                    }

                    break;
                case "allOf":
                    foreach (var sub in value.EnumerateArray())
                    {
                        Evaluate(sub, instance, pointer, errors);
                    }

                    break;
                case "anyOf":
                case "oneOf":
                    EvaluateAlternatives(keyword.Name == "oneOf", value, instance, pointer, errors);
                    break;
                case "not":
                    var notErrors = new List<(string, string)>();
                    Evaluate(value, instance, pointer, notErrors);
                    if (notErrors.Count == 0)
                    {
                        errors.Add((pointer, Forbidden(value, instance) is { Count: > 0 } present
                            ? $"must not have {string.Join(" or ", present.Select(p => $"'{p}'"))} here"
                            : $"must not match {value.GetRawText()}"));
                    }

                    break;
            }
        }
    }

    private void EvaluateAlternatives(bool exactlyOne, JsonElement alternatives, JsonElement instance, string pointer, List<(string, string)> errors)
    {
        List<(string, string)>? closest = null;
        var matches = 0;
        foreach (var alternative in alternatives.EnumerateArray())
        {
            var branch = new List<(string, string)>();
            Evaluate(alternative, instance, pointer, branch);
            if (branch.Count == 0)
            {
                matches++;
            }
            else if (closest is null || branch.Count < closest.Count)
            {
                closest = branch;
            }
        }

        if (matches == 0)
        {
            // The branch that came closest explains the problem best.
            errors.AddRange(closest!);
        }
        else if (exactlyOne && matches > 1)
        {
            errors.Add((pointer, "matches more than one allowed shape"));
        }
    }

    /// <summary>
    /// The properties a <c>not</c> of one required property ({"required": ["x"]}, or an anyOf of those) forbids and the
    /// instance has: "must not have 'condition'" says what "must not match {...}" means. Empty for any other shape.
    /// </summary>
    private static List<string> Forbidden(JsonElement not, JsonElement instance)
    {
        if (not.ValueKind != JsonValueKind.Object || instance.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var alternatives = not.TryGetProperty("anyOf", out var anyOf) && not.EnumerateObject().Count() == 1 ? anyOf.EnumerateArray().ToList() : [not];
        if (!alternatives.All(a => a.ValueKind == JsonValueKind.Object && a.EnumerateObject().Count() == 1
                && a.TryGetProperty("required", out var names) && names.GetArrayLength() == 1))
        {
            return [];
        }

        return alternatives
            .Select(a => a.GetProperty("required")[0].GetString()!)
            .Where(name => instance.TryGetProperty(name, out _))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local references are supported, not '{reference}'.");
        }

        var node = _root;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private Regex Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                // ECMA-262 classes, as the specification asks: \d is [0-9] and \w is [A-Za-z0-9_], not every script's digits and letters.
                regex = new Regex(EndAnchorsAtTheEnd(pattern), RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));
                _patterns[pattern] = regex;
            }

            return regex;
        }
    }

    /// <summary>
    /// ECMA-262's <c>$</c> matches only at the end of the string; .NET's also matches before a final newline, which
    /// would let "intro\n" pass as an id. Every unescaped <c>$</c> outside a character class becomes <c>\z</c>.
    /// </summary>
    internal static string EndAnchorsAtTheEnd(string pattern)
    {
        var translated = new System.Text.StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                translated.Append(c).Append(pattern[++i]);
                continue;
            }

            inClass = c switch
            {
                '[' => true,
                ']' => false,
                _ => inClass,
            };
            if (c == '$' && !inClass)
            {
                translated.Append("\\z");
            }
            else
            {
                translated.Append(c);
            }
        }

        return translated.ToString();
    }

    private static bool MatchesType(JsonElement type, JsonElement instance) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => MatchesType(t.GetString()!, instance))
        : MatchesType(type.GetString()!, instance);

    private static bool MatchesType(string type, JsonElement instance) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"Unknown type '{type}'."),
    };

    /// <summary>A number with no fractional part, however it is written (1.0, 1e2) and however large (1e30).</summary>
    /// <remarks>
    /// A double says whether the number is whole at its magnitude (decimal rounds 1e-30 to a whole 0); a decimal, where
    /// it holds the number, catches a fraction too small for the double (1.00000000000000000001).
    /// </remarks>
    private static bool IsInteger(JsonElement number)
    {
        var approximate = AsDouble(number);
        return (double.IsInfinity(approximate) || approximate == Math.Truncate(approximate))
            && (!number.TryGetDecimal(out var exact) || exact == decimal.Truncate(exact));
    }

    /// <summary>Compares two numbers as doubles (which never overflow) and, where those tie, as decimals.</summary>
    /// <remarks>Rounding to a double keeps order, so doubles that differ decide; a tie may hide a finer difference.</remarks>
    private static int CompareNumbers(JsonElement left, JsonElement right)
    {
        var order = AsDouble(left).CompareTo(AsDouble(right));
        return order == 0 && left.TryGetDecimal(out var l) && right.TryGetDecimal(out var r) ? l.CompareTo(r) : order;
    }

    /// <summary>The number as a double; beyond its range, an infinity of the same sign.</summary>
    private static double AsDouble(JsonElement number) =>
        double.Parse(number.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A string's length as JSON Schema counts it: in Unicode code points, so a letter outside the BMP is one.</summary>
    private static int CodePoints(string text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    private static string Describe(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => WithArticle(t.GetString()!)))
        : WithArticle(type.GetString()!);

    private static string WithArticle(string type) => type is "object" or "array" or "integer" ? $"an {type}" : $"a {type}";

    private static string KindName(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Short(JsonElement instance)
    {
        var text = instance.GetRawText();
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    internal static string Append(string pointer, string segment) =>
        $"{pointer}/{segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";

    private static void CheckKeywords(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Supported.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
            {
                throw new NotSupportedException($"Schema keyword '{keyword.Name}' at '{path}' is not supported by this evaluator.");
            }

            switch (keyword.Name)
            {
                case "properties" or "$defs":
                    foreach (var child in keyword.Value.EnumerateObject())
                    {
                        CheckKeywords(child.Value, $"{path}/{keyword.Name}/{child.Name}");
                    }

                    break;
                case "anyOf" or "oneOf" or "allOf":
                    var i = 0;
                    foreach (var child in keyword.Value.EnumerateArray())
                    {
                        CheckKeywords(child, $"{path}/{keyword.Name}/{i++}");
                    }

                    break;
                case "items" or "additionalProperties" or "propertyNames" or "not":
                    CheckKeywords(keyword.Value, $"{path}/{keyword.Name}");
                    break;
            }
        }
    }
}
