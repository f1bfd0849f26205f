using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;

namespace MedicalContent.Validation;

/// <summary>
/// Checks documents against their JSON Schema and against the rules a schema cannot express (audiences that exist,
/// citations that resolve, unique ids...). Reports every problem it finds, never only the first.
/// </summary>
public static partial class ArticleValidator
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

            CheckAbout();
            CheckSections();
            CheckReferences();
            CheckRelated();
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

            // Versions written with the legacy `condition` predate due dates, and the API validates every version it
            // serves: they stay valid (published bytes never change) and `medcontent validate` warns about them instead.
            if (review.Status == ReviewStatus.Approved && review.NextReviewDue is null && document.About is not null)
            {
                Add("/review/nextReviewDue", "an approved version must say when it is next due for review (nextReviewDue)");
            }

            if (review.ReviewedOn is { } reviewedOn && reviewedOn < document.LastUpdated)
            {
                Add("/review/reviewedOn", $"review date {reviewedOn:yyyy-MM-dd} is before the last update ({document.LastUpdated:yyyy-MM-dd}): the reviewed text is not this text");
            }

            if (review.NextReviewDue is { } due && review.ReviewedOn is { } reviewed && due <= reviewed)
            {
                Add("/review/nextReviewDue", $"next review date {due:yyyy-MM-dd} must be after the review date ({reviewed:yyyy-MM-dd})");
            }
        }

        private void CheckAbout()
        {
            var codes = document.About?.Codes ?? [];
            var first = new Dictionary<(CodeSystem, string), int>();
            for (var i = 0; i < codes.Count; i++)
            {
                var pointer = $"/about/codes/{i}/code";
                if (ClinicalCodes.Problem(codes[i].System, codes[i].Code) is { } problem)
                {
                    Add(pointer, problem);
                }

                if (!first.TryAdd((codes[i].System, codes[i].Code), i))
                {
                    Add(pointer, $"{ClinicalCodes.Name(codes[i].System)} code '{codes[i].Code}' is listed twice (first at /about/codes/{first[(codes[i].System, codes[i].Code)]}/code)");
                }
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

                if (section.Label is not null && section.Kind != SourceKind.DrugLabel)
                {
                    Add(pointer + "/label", $"only a section of kind 'drug-label' reflects a drug label; this section is '{JsonName(section.Kind, CoreJsonContext.Default.SourceKind)}'");
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

                    CheckBlock(blockPointer, block, audiences);
                }
            }
        }

        /// <summary>The texts of one block, by type; "required" texts must exist for every audience that sees the block.</summary>
        private void CheckBlock(string pointer, Block block, List<string> audiences)
        {
            switch (block.Type)
            {
                case BlockType.Quote:
                    CheckQuote(pointer, block, audiences);
                    break;
                case BlockType.Warning:
                    // A warning left out for one audience would hide a safety message from it.
                    CheckText(pointer + "/text", block.Text!, audiences, requiredForAll: true);
                    if (block.Title is { } title)
                    {
                        CheckText(pointer + "/title", title, audiences, requiredForAll: false);
                    }

                    break;
                case BlockType.Table:
                    CheckTable(pointer, block, audiences);
                    break;
                default:
                    if (block.Text is { } text)
                    {
                        // A block limited to some audiences must have text for each of them.
                        CheckText(pointer + "/text", text, audiences, requiredForAll: block.Audiences is not null);
                    }

                    for (var i = 0; i < (block.Items?.Count ?? 0); i++)
                    {
                        CheckText($"{pointer}/items/{i}", block.Items![i], audiences, requiredForAll: false);
                    }

                    break;
            }
        }

        /// <summary>A quote is verbatim text from its reference: it cites through <c>reference</c>, never through markers.</summary>
        private void CheckQuote(string pointer, Block block, List<string> audiences)
        {
            var reference = block.Reference!;
            if (_referenceIds.Contains(reference))
            {
                _cited.Add(reference);
            }
            else
            {
                Add(pointer + "/reference", $"quotes reference '{reference}' but there is no reference with id '{reference}'");
            }

            CheckText(pointer + "/text", block.Text!, audiences, requiredForAll: block.Audiences is not null, verbatim: true);
        }

        private void CheckTable(string pointer, Block block, List<string> audiences)
        {
            CheckText(pointer + "/caption", block.Caption!, audiences, requiredForAll: true);
            var header = block.Header!;
            for (var c = 0; c < header.Count; c++)
            {
                CheckText($"{pointer}/header/{c}", header[c], audiences, requiredForAll: true);
            }

            var rows = block.Rows!;
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r].Count != header.Count)
                {
                    Add($"{pointer}/rows/{r}", $"row has {rows[r].Count} cell(s) but the header has {header.Count}: every row has one cell per column");
                }

                for (var c = 0; c < rows[r].Count; c++)
                {
                    CheckText($"{pointer}/rows/{r}/{c}", rows[r][c], audiences, requiredForAll: true);
                }
            }
        }

        private void CheckReferences()
        {
            for (var i = 0; i < document.References.Count; i++)
            {
                CheckId($"/references/{i}", document.References[i].Id);
            }

            foreach (var (pointer, message) in ReferenceChecks.DuplicateWorks(document.References))
            {
                Add(pointer, message);
            }
        }

        /// <summary>Links to other articles; whether those exist is a question for the content set (<see cref="RelatedArticles"/>).</summary>
        private void CheckRelated()
        {
            for (var i = 0; i < (document.Related?.Count ?? 0); i++)
            {
                if (document.Related![i] == document.Slug)
                {
                    Add($"/related/{i}", $"'{document.Slug}' is this article: list other articles as related");
                }
            }

            for (var i = 0; i < (document.RelatedQuestions?.Count ?? 0); i++)
            {
                var question = document.RelatedQuestions![i];
                CheckText($"/relatedQuestions/{i}/question", question.Question, null, requiredForAll: true);
                if (question.AnsweredBy == document.Slug)
                {
                    Add($"/relatedQuestions/{i}/answeredBy", $"'{document.Slug}' is this article: a related question is answered by another article (or leave answeredBy out)");
                }
            }
        }

        private List<string> Narrow(IReadOnlyList<string>? outer, IReadOnlyList<string>? inner) => document.Audiences
            .Where(a => Audiences.Includes(outer, a) && Audiences.Includes(inner, a))
            .ToList();

        /// <param name="verbatim">Quoted text: citation markers are an error, not citations.</param>
        private void CheckText(string pointer, LocalizedText text, IReadOnlyList<string>? audiences, bool requiredForAll, bool verbatim = false)
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

            if (verbatim)
            {
                foreach (var marker in text.AllVariants().SelectMany(v => MarkerLike().Matches(v)).Select(m => m.Value).Distinct(StringComparer.Ordinal))
                {
                    Add(pointer, $"a quote is verbatim text, so it holds no citation marker: remove {marker} (the quote cites its source through 'reference')");
                }

                return;
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

    /// <summary>The name a document writes an enum value with ("drug-label").</summary>
    internal static string JsonName<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToElement(value, type).GetString()!;

    /// <summary>Anything an author could mean as a citation marker, well formed or not ([[ref-a]], [[Ref A]]).</summary>
    [GeneratedRegex(@"\[\[[^\]]*\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerLike();

    internal static string VersionFileName(int version) => $"v{version.ToString(CultureInfo.InvariantCulture)}.json";
}
