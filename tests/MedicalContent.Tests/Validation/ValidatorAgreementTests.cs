using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using MedicalContent.Tests.Support;
using CoreSchema = MedicalContent.Validation.JsonSchema;

namespace MedicalContent.Tests.Validation;

/// <summary>
/// The API's own schema evaluator and an independent draft 2020-12 implementation (JsonSchema.Net) must agree on
/// every document: valid for one exactly when valid for the other. Documents are the real content files broken in
/// small, random ways: properties dropped or added, values of the wrong type, strings at and around their length
/// limits (in letters outside the Basic Multilingual Plane too), wrong enum values, near-miss dates, slugs and URLs.
/// </summary>
public class ValidatorAgreementTests
{
    /// <summary>Per schema; articles are large (up to 150 KB), so fewer of them.</summary>
    private static int Iterations(string schema) => schema == "article.schema.json" ? 400 : 1000;

    /// <summary>Counts around every length limit in the schemas (1, 40, 100, 200, 500, 2000, 20000).</summary>
    private static readonly int[] Counts = [0, 1, 2, 19, 20, 21, 39, 40, 41, 49, 50, 51, 99, 100, 101, 199, 200, 201, 249, 250, 251, 499, 500, 501, 999, 1000, 1001, 1999, 2000, 2001, 9999, 10000, 10001, 19999, 20000, 20001];

    /// <summary>
    /// What a string is made of: one UTF-16 unit per letter, or two (outside the BMP). Not a base letter with a
    /// combining mark: JsonSchema.Net counts those as one (a text element) where the specification counts two code
    /// points, so there the oracle is wrong; <see cref="LengthsAreCountedInCodePoints"/> pins what we do.
    /// </summary>
    private static readonly string[] Units = ["a", "\u00e9", "\U0001F600", "\U0001D400", "-", " "];

    /// <summary>Near misses for the slug, id, audience, date and URL patterns, and enum values that almost fit.</summary>
    private static readonly string[] OddStrings =
    [
        "", " ", "a", "UPPER", "Patient", "patient", "clinician", "default", "a--b", "-a", "a-", "a_b", "a b", "9lives", "abc\n", "abc\r\n", "\nabc", "abc\u0000",
        "ａｂｃ", "ı", "K", "metformin", "metformin\n", "2025-01-01", "2025-02-30", "2025-13-01", "2025-00-10", "2025-1-1", "25-01-01", "2025-01-01\n", "2025-01-01T00:00:00Z",
        "٢٠٢٥-٠١-٠١", "2025\u201101-01", "https://", "https://x", "http://example.org/", "https://example.org/", "https://example.org/a b", "https://example.org/\u00a0",
        "https://example.org/\n", "https://example.org", "ftp://example.org/", "https://example.org/?q=1", "https://example.org/#x", "https://ex ample.org/",
        "https://example.org\u00a0x/", "https://example.org\u2003x/", "https://example.org/\u0085", "https://example.org/\ufeff", "https://example.org/articles/", "https://example.org/articles", "approved", "Approved", "submitted", "under-review", "rejected",
        "overview", "guideline", "drug-label", "research", "blog", "heading", "paragraph", "list", "table", "Clinician", "MedicalResearcher", "Caregiver",
    ];

    private static readonly string[] OddNumbers = ["0", "-0", "1", "-1", "1.0", "1.5", "2", "1e2", "1E+30", "100000", "100001", "99999.0", "1799", "1800", "2024", "2024.0", "2024.5", "2100", "2101", "1e400", "-1e400", "0.0000001"];

    private static readonly string[] OtherValues = ["null", "true", "false", "[]", "{}", "[\"patient\"]", "[\"patient\", \"patient\"]", "{\"patient\": \"x\"}", "{\"Patient\": \"x\"}", "{\"\": \"x\"}", "{\"patient\": \"\"}", "{\"patient\": 1}", "[{}]", "[1, 1.0]", "\"x\""];

    private static readonly string[] ExtraKeys = ["extra", "$schema", "$ref", "default", "patient", "Patient", "text", "items", "title", "audiences", "slug", "url", "a-b", "a_b", ""];

    private enum Change
    {
        Drop,
        OddString,
        SizedString,
        OddNumber,
        OtherValue,
        ExtraProperty,
        EmptyContainer,
        DuplicateItem,
        MoveValue,
    }

    /// <summary>One change to one node (chosen by <see cref="Target"/> among all nodes, in document order).</summary>
    private readonly record struct Mutation(int Target, Change Change, int Pick, int Count, int Unit)
    {
        public override string ToString() => $"{Change}@{Target}({Pick},{Count},{Unit})";
    }

    private static readonly Gen<Mutation> AnyMutation = Gen.Select(
        Gen.Int[0, 100_000], Gen.Enum<Change>(), Gen.Int[0, 1000], Gen.Int[0, Counts.Length - 1], Gen.Int[0, Units.Length - 1],
        (target, change, pick, count, unit) => new Mutation(target, change, pick, count, unit));

    public static TheoryData<string> Schemas() => ["article.schema.json", "audiences.schema.json", "syndication.schema.json"];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void BothValidatorsAgreeOnEveryValidDocument(string schema)
    {
        foreach (var json in Seeds(schema))
        {
            using var document = JsonDocument.Parse(json);

            Assert.Empty(OursErrors(schema, document.RootElement));
            Assert.Empty(IndependentSchema.Errors(schema, document.RootElement));
        }
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void BothValidatorsAgreeOnRandomlyBrokenDocuments(string schema)
    {
        var seeds = Seeds(schema).Select(json => JsonNode.Parse(json)!).ToList();
        var valid = 0;
        var invalid = 0;

        Gen.Select(Gen.Int[0, seeds.Count - 1], AnyMutation.Array[1, 4]).Sample(
            (seed, mutations) =>
            {
                var json = Mutate(seeds[seed], mutations);
                using var document = JsonDocument.Parse(json);
                var ours = OursErrors(schema, document.RootElement);
                bool independentValid;
                try
                {
                    independentValid = IndependentSchema.IsValid(schema, document.RootElement);
                }
                catch (FormatException) when (HasNumberBeyondDecimal(document.RootElement))
                {
                    // JsonSchema.Net 8.0.5 throws where uniqueItems meets a number beyond decimal's range (1e30) rather
                    // than answer; every array with uniqueItems here holds strings, so ours must reject the document.
                    Assert.NotEmpty(ours);
                    return;
                }

                if (ours.Count == 0 != independentValid && independentValid && EndsALineOnlyForDotNet(document.RootElement))
                {
                    // JsonSchema.Net runs patterns with .NET's $, which also matches before a final newline; the
                    // specification's (ECMA-262) does not, so ours rejects "intro\n" as an id and the oracle does not.
                    Assert.All(ours, error => Assert.Contains("does not match the pattern", error, StringComparison.Ordinal));
                    return;
                }

                if (ours.Count == 0 != independentValid)
                {
                    var independent = IndependentSchema.Errors(schema, document.RootElement);
                    Assert.Fail($"""
                        The validators disagree on {Short(json)}
                        ours: {(ours.Count == 0 ? "valid" : string.Join("; ", ours))}
                        JsonSchema.Net: {(independent.Count == 0 ? "valid" : string.Join("; ", independent))}
                        """);
                }

                if (independentValid)
                {
                    valid++;
                }
                else
                {
                    invalid++;
                }
            },
            iter: Iterations(schema),
            threads: 1,
            print: t => $"{Short(Mutate(seeds[t.Item1], t.Item2))} [{string.Join(", ", t.Item2)}]");

        // The mutations must reach both sides of the boundary, or agreement says little.
        Assert.True(valid > 0, $"no mutated {schema} document was valid");
        Assert.True(invalid > Iterations(schema) / 2, $"only {invalid} of {Iterations(schema)} mutated {schema} documents were invalid");
    }

    /// <summary>True when some string in the document ends with a line feed.</summary>
    private static bool EndsALineOnlyForDotNet(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.EndsWith('\n'),
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.EndsWith('\n') || EndsALineOnlyForDotNet(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(EndsALineOnlyForDotNet),
        _ => false,
    };

    [Theory]
    [InlineData("""{"pattern": "^[a-z]+$"}""", "\"intro\"", true)]
    [InlineData("""{"pattern": "^[a-z]+$"}""", "\"intro\\n\"", false)]
    [InlineData("""{"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}""", "\"2025-01-01\\n\"", false)]
    [InlineData("""{"pattern": "^[$a-z]+$"}""", "\"a$b\"", true)]
    [InlineData("""{"pattern": "^a\\$$"}""", "\"a$\"", true)]
    public void ADollarAnchorsTheEndOfTheStringNotTheEndOfALine(string schema, string instance, bool valid)
    {
        Assert.Equal(valid, Ours(schema, instance));
    }

    [Theory]
    [InlineData("\"\U0001F600\U0001F600\"", true)]
    [InlineData("\"\U0001F600\U0001F600\U0001F600\"", false)]
    [InlineData("\"\U0001D400b\"", true)]
    [InlineData("\"ab\"", true)]
    [InlineData("\"abc\"", false)]
    public void LengthsAreCountedInCodePoints(string instance, bool valid)
    {
        const string Schema = """{"type": "string", "minLength": 1, "maxLength": 2}""";

        Assert.Equal(valid, Ours(Schema, instance));
        Assert.Equal(valid, Independent(Schema, instance));

        // Two letters with a combining mark each are four code points, so too long; JsonSchema.Net counts two text
        // elements and accepts them, against the specification.
        Assert.False(Ours(Schema, "\"e\u0301e\u0301\""));
    }

    [Theory]
    [InlineData("""{"pattern": "^\\d$"}""", "\"7\"", true)]
    [InlineData("""{"pattern": "^\\d$"}""", "\"\u0663\"", false)]
    [InlineData("""{"pattern": "^\\w+$"}""", "\"caf\u00e9\"", false)]
    [InlineData("""{"type": "integer"}""", "1.0", true)]
    [InlineData("""{"type": "integer"}""", "1e2", true)]
    [InlineData("""{"type": "integer"}""", "1E+30", true)]
    [InlineData("""{"type": "integer"}""", "1.5", false)]
    [InlineData("""{"type": "integer"}""", "1E-30", false)]
    [InlineData("""{"type": "integer", "maximum": 100000}""", "1E+30", false)]
    [InlineData("""{"type": "number", "minimum": 0}""", "-1E+30", false)]
    [InlineData("""{"type": "number", "maximum": 0}""", "1E-30", false)]
    public void PatternsAndNumbersMeanWhatTheyMeanToTheIndependentValidator(string schema, string instance, bool valid)
    {
        Assert.Equal(valid, Independent(schema, instance));
        Assert.Equal(valid, Ours(schema, instance));
    }

    private static bool Ours(string schema, string instance)
    {
        using var document = JsonDocument.Parse(instance);
        return CoreSchema.Parse(schema).Evaluate(document.RootElement).Count == 0;
    }

    private static bool Independent(string schema, string instance)
    {
        using var document = JsonDocument.Parse(instance);
        return Json.Schema.JsonSchema.FromText(schema).Evaluate(document.RootElement).IsValid;
    }

    private static bool HasNumberBeyondDecimal(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => !element.TryGetDecimal(out _),
        JsonValueKind.Array => element.EnumerateArray().Any(HasNumberBeyondDecimal),
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasNumberBeyondDecimal(p.Value)),
        _ => false,
    };

    private static IReadOnlyList<string> OursErrors(string schema, JsonElement instance)
    {
        var evaluator = schema switch
        {
            "article.schema.json" => CoreSchema.Article,
            "audiences.schema.json" => CoreSchema.AudienceVocabulary,
            "syndication.schema.json" => CoreSchema.Syndication,
            _ => throw new ArgumentOutOfRangeException(nameof(schema)),
        };
        return evaluator.Evaluate(instance).Select(e => $"{e.Pointer}: {e.Message}").ToList();
    }

    private static List<string> Seeds(string schema) => schema switch
    {
        "article.schema.json" => Directory.GetFiles(Path.Combine(RepoPaths.ContentJson, "articles"), "v*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Append(Documents.Article().ToJsonString())
            .ToList(),
        "audiences.schema.json" => [File.ReadAllText(Path.Combine(RepoPaths.ContentJson, "audiences.json")), Documents.Vocabulary],
        "syndication.schema.json" => [File.ReadAllText(Path.Combine(RepoPaths.ContentJson, "syndication.json"))],
        _ => throw new ArgumentOutOfRangeException(nameof(schema)),
    };

    private static string Mutate(JsonNode seed, Mutation[] mutations)
    {
        var root = seed.DeepClone();
        foreach (var mutation in mutations)
        {
            root = Apply(root, mutation);
        }

        return root.ToJsonString();
    }

    private static JsonNode Apply(JsonNode root, Mutation mutation)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)>();
        Collect(null, null, -1, root, nodes);
        var (parent, key, index, node) = nodes[mutation.Target % nodes.Count];

        switch (mutation.Change)
        {
            case Change.Drop when parent is JsonObject o:
                o.Remove(key!);
                return root;
            case Change.Drop when parent is JsonArray a:
                a.RemoveAt(index);
                return root;
            case Change.ExtraProperty when node is JsonObject o:
                o[ExtraKeys[mutation.Pick % ExtraKeys.Length]] = Value(mutation);
                return root;
            case Change.ExtraProperty when node is JsonArray a:
                a.Add(Value(mutation));
                return root;
            case Change.EmptyContainer when node is JsonObject o:
                o.Clear();
                return root;
            case Change.EmptyContainer when node is JsonArray a:
                a.Clear();
                return root;
            case Change.DuplicateItem when node is JsonArray { Count: > 0 } a:
                a.Add(a[mutation.Pick % a.Count]?.DeepClone());
                return root;
            case Change.MoveValue:
                // Another node's value in this place: right shape, wrong place (a section where a block goes...).
                var other = nodes[mutation.Pick % nodes.Count].Node;
                return Replace(root, parent, key, index, other?.DeepClone());
            default:
                return Replace(root, parent, key, index, Value(mutation));
        }
    }

    private static JsonNode? Value(Mutation mutation) => mutation.Change switch
    {
        Change.OddString => JsonValue.Create(OddStrings[mutation.Pick % OddStrings.Length]),
        Change.SizedString => JsonValue.Create(Sized(mutation)),
        Change.OddNumber => JsonNode.Parse(OddNumbers[mutation.Pick % OddNumbers.Length]),
        Change.OtherValue or Change.EmptyContainer or Change.DuplicateItem or Change.Drop => JsonNode.Parse(OtherValues[mutation.Pick % OtherValues.Length]),
        _ => (mutation.Pick % 3) switch
        {
            0 => JsonValue.Create(OddStrings[mutation.Pick % OddStrings.Length]),
            1 => JsonValue.Create(Sized(mutation)),
            _ => JsonNode.Parse(OtherValues[mutation.Pick % OtherValues.Length]),
        },
    };

    /// <summary>A string of a limit-straddling number of letters, lower-case ASCII first so patterns still may match.</summary>
    private static string Sized(Mutation mutation)
    {
        var count = Counts[mutation.Count];
        var unit = Units[mutation.Unit];
        var builder = new StringBuilder(count * unit.Length + 8);
        if (mutation.Pick % 2 == 1 && count > 0)
        {
            builder.Append('a');
            count--;
        }

        for (var i = 0; i < count; i++)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }

    private static JsonNode Replace(JsonNode root, JsonNode? parent, string? key, int index, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o:
                o[key!] = value;
                return root;
            case JsonArray a:
                a[index] = value;
                return root;
            default:
                // The document itself: anything but an object is wrong, so only objects make interesting roots.
                return value as JsonObject ?? root;
        }
    }

    private static void Collect(JsonNode? parent, string? key, int index, JsonNode? node, List<(JsonNode?, string?, int, JsonNode?)> nodes)
    {
        nodes.Add((parent, key, index, node));
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    Collect(o, name, -1, child, nodes);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a, null, i, a[i], nodes);
                }

                break;
        }
    }

    private static string Short(string json) => json.Length <= 2000 ? json : json[..1000] + $" ...({json.Length} characters)... " + json[^600..];
}
