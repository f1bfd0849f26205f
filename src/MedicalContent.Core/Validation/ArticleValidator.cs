using System.Globalization;
using System.Text.Json;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;

namespace MedicalContent.Validation;

/// <summary>
/// Checks documents against their JSON Schema and against the rules a schema cannot express (audiences that exist,
/// citations that resolve, unique ids...). Reports every problem it finds, never only the first.
/// </summary>
public static class ArticleValidator
{
    public static (AudienceVocabulary? Vocabulary, IReadOnlyList<ValidationProblem> Problems) ValidateVocabulary(string file, ReadOnlySpan<byte> json)
    {
        var problems = new List<ValidationProblem>();
        if (!ParseAgainst(JsonSchema.AudienceVocabulary, file, json, problems, out var element))
        {
            return (null, problems);
        }

        var vocabulary = element.Deserialize(CoreJsonContext.Default.AudienceVocabulary)!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Audiences.Count; i++)
        {
            if (!seen.Add(vocabulary.Audiences[i].Id))
            {
                problems.Add(new(file, $"/audiences/{i}/id", $"audience '{vocabulary.Audiences[i].Id}' is listed twice"));
            }
        }

        if (!vocabulary.Contains(vocabulary.Default))
        {
            problems.Add(new(file, "/default", $"default audience '{vocabulary.Default}' is not one of the audiences ({Join(vocabulary.Audiences.Select(a => a.Id))})"));
        }

        return (problems.Count == 0 ? vocabulary : null, problems);
    }

    public static (SyndicationTerms? Terms, IReadOnlyList<ValidationProblem> Problems) ValidateSyndication(string file, ReadOnlySpan<byte> json)
    {
        var problems = new List<ValidationProblem>();
        if (!ParseAgainst(JsonSchema.Syndication, file, json, problems, out var element))
        {
            return (null, problems);
        }

        var terms = element.Deserialize(CoreJsonContext.Default.SyndicationTerms)!;
        foreach (var (pointer, url) in new[] { ("/publisherUrl", terms.PublisherUrl), ("/licenseUrl", terms.LicenseUrl), ("/canonicalBaseUrl", terms.CanonicalBaseUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                problems.Add(new(file, pointer, $"'{url}' is not an absolute URL"));
            }
        }

        return (problems.Count == 0 ? terms : null, problems);
    }

    /// <summary>Validates one article version document.</summary>
    /// <param name="expectedSlug">The slug its location implies, if any.</param>
    /// <param name="expectedVersion">The version its location implies, if any.</param>
    public static (ArticleDocument? Document, IReadOnlyList<ValidationProblem> Problems) ValidateArticle(
        string file, ReadOnlySpan<byte> json, AudienceVocabulary vocabulary, string? expectedSlug = null, int? expectedVersion = null)
    {
        var problems = new List<ValidationProblem>();
        if (!ParseAgainst(JsonSchema.Article, file, json, problems, out var element))
        {
            return (null, problems);
        }

        ArticleDocument document;
        try
        {
            document = element.Deserialize(CoreJsonContext.Default.ArticleDocument)!;
        }
        catch (JsonException e)
        {
            problems.Add(new(file, e.Path is { } path ? PathToPointer(path) : "", e.Message));
            return (null, problems);
        }

        new Rules(file, document, vocabulary, problems).Check(expectedSlug, expectedVersion);
        return (problems.Count == 0 ? document : null, problems);
    }

    private static bool ParseAgainst(JsonSchema schema, string file, ReadOnlySpan<byte> json, List<ValidationProblem> problems, out JsonElement element)
    {
        element = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            element = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, column {e.BytePositionInLine + 1})" : "";
            problems.Add(new(file, "", $"is not valid JSON{where}"));
            return false;
        }

        problems.AddRange(schema.Evaluate(element).Select(error => new ValidationProblem(file, error.Pointer, error.Message)));
        return problems.Count == 0;
    }

    private static string PathToPointer(string path) =>
        path.TrimStart('$').Replace("['", "/", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal)
            .Replace('.', '/').Replace("[", "/", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);

    internal static string Join(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

    private sealed class Rules(string file, ArticleDocument document, AudienceVocabulary vocabulary, List<ValidationProblem> problems)
    {
        private readonly HashSet<string> _referenceIds = document.References.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _cited = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

        public void Check(string? expectedSlug, int? expectedVersion)
        {
            if (expectedSlug is not null && document.Slug != expectedSlug)
            {
                Add("/slug", $"slug '{document.Slug}' does not match its folder '{expectedSlug}'");
            }

            if (expectedVersion is { } version && document.Version != version)
            {
                Add("/version", $"version {document.Version} does not match its file name (v{version}.json)");
            }

            for (var i = 0; i < document.Audiences.Count; i++)
            {
                CheckKnownAudience($"/audiences/{i}", document.Audiences[i], vocabulary.Audiences.Select(a => a.Id).ToList());
            }

            if (!document.Audiences.Contains(document.DefaultAudience))
            {
                Add("/defaultAudience", $"default audience '{document.DefaultAudience}' is not one of the article's audiences ({Join(document.Audiences)})");
            }

            CheckReview();
            CheckText("/title", document.Title, null, requiredForAll: true);
            if (document.Summary is { } summary)
            {
                CheckText("/summary", summary, null, requiredForAll: false);
            }

            CheckSections();
            CheckReferences();
            CheckAudienceLimit("/disclaimer/audiences", document.Disclaimer.Audiences);
            CheckText("/disclaimer/text", document.Disclaimer.Text, document.Disclaimer.Audiences, requiredForAll: true);
            if (document.Disclaimer.Title is { } disclaimerTitle)
            {
                CheckText("/disclaimer/title", disclaimerTitle, document.Disclaimer.Audiences, requiredForAll: false);
            }

            for (var i = 0; i < document.References.Count; i++)
            {
                if (!_cited.Contains(document.References[i].Id))
                {
                    Add($"/references/{i}", $"reference '{document.References[i].Id}' is never cited; cite it with [[{document.References[i].Id}]] or remove it");
                }
            }
        }

        private void CheckReview()
        {
            var review = document.Review;
            if (review.Status == ReviewStatus.Approved && review.ReviewedBy is null)
            {
                Add("/review", "an approved version must name who reviewed it (reviewedBy)");
            }

            if (review.Status == ReviewStatus.Approved && review.ReviewedOn is null)
            {
                Add("/review", "an approved version must say when it was reviewed (reviewedOn)");
            }

            if (review.ReviewedOn is { } reviewedOn && reviewedOn < document.LastUpdated)
            {
                Add("/review/reviewedOn", $"review date {reviewedOn:yyyy-MM-dd} is before the last update ({document.LastUpdated:yyyy-MM-dd}): the reviewed text is not this text");
            }
        }

        private void CheckSections()
        {
            for (var s = 0; s < document.Sections.Count; s++)
            {
                var section = document.Sections[s];
                var pointer = $"/sections/{s}";
                CheckId(pointer, section.Id);
                CheckAudienceLimit(pointer + "/audiences", section.Audiences);
                if (section.Title is { } title)
                {
                    CheckText(pointer + "/title", title, section.Audiences, requiredForAll: false);
                }

                for (var b = 0; b < section.Blocks.Count; b++)
                {
                    var block = section.Blocks[b];
                    var blockPointer = $"{pointer}/blocks/{b}";
                    CheckId(blockPointer, block.Id);
                    CheckAudienceLimit(blockPointer + "/audiences", block.Audiences);
                    var audiences = Narrow(section.Audiences, block.Audiences);
                    if (audiences.Count == 0)
                    {
                        Add(blockPointer + "/audiences", "no audience sees this block: its audiences and its section's do not overlap");
                    }

                    if (block.Text is { } text)
                    {
                        // A block limited to some audiences must have text for each of them.
                        CheckText(blockPointer + "/text", text, audiences, requiredForAll: block.Audiences is not null);
                    }

                    for (var i = 0; i < (block.Items?.Count ?? 0); i++)
                    {
                        CheckText($"{blockPointer}/items/{i}", block.Items![i], audiences, requiredForAll: false);
                    }
                }
            }
        }

        private void CheckReferences()
        {
            for (var i = 0; i < document.References.Count; i++)
            {
                CheckId($"/references/{i}", document.References[i].Id);
            }
        }

        private List<string> Narrow(IReadOnlyList<string>? outer, IReadOnlyList<string>? inner) => document.Audiences
            .Where(a => Audiences.Includes(outer, a) && Audiences.Includes(inner, a))
            .ToList();

        private void CheckText(string pointer, LocalizedText text, IReadOnlyList<string>? audiences, bool requiredForAll)
        {
            foreach (var key in text.Variants.Keys.Where(k => k != LocalizedText.DefaultKey))
            {
                CheckKnownAudience($"{pointer}/{key}", key, document.Audiences);
            }

            if (requiredForAll)
            {
                foreach (var audience in document.Audiences.Where(a => Audiences.Includes(audiences, a)))
                {
                    if (text.For(audience) is null)
                    {
                        Add(pointer, $"has no text for audience '{audience}' (add a '{audience}' or 'default' variant)");
                    }
                }
            }

            foreach (var variant in text.AllVariants())
            {
                foreach (var id in Citations.ReferenceIds(variant))
                {
                    if (_referenceIds.Contains(id))
                    {
                        _cited.Add(id);
                    }
                    else
                    {
                        Add(pointer, $"cites [[{id}]] but there is no reference with id '{id}'");
                    }
                }
            }
        }

        private void CheckAudienceLimit(string pointer, IReadOnlyList<string>? limit)
        {
            for (var i = 0; i < (limit?.Count ?? 0); i++)
            {
                CheckKnownAudience($"{pointer}/{i}", limit![i], document.Audiences);
            }
        }

        private void CheckKnownAudience(string pointer, string audience, IReadOnlyList<string> allowed)
        {
            if (!allowed.Contains(audience))
            {
                Add(pointer, $"unknown audience '{audience}'; valid audiences are {Join(allowed)}");
            }
        }

        private void CheckId(string pointer, string id)
        {
            if (!_ids.TryAdd(id, pointer))
            {
                Add(pointer + "/id", $"id '{id}' is already used at {_ids[id]}");
            }
        }

        private void Add(string pointer, string message) => problems.Add(new(file, pointer, message));
    }

    internal static string VersionFileName(int version) => $"v{version.ToString(CultureInfo.InvariantCulture)}.json";
}
