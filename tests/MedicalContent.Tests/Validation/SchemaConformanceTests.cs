using MedicalContent.Tests.Support;
using MedicalContent.Validation;
using NJsonSchema;
using CoreSchema = MedicalContent.Validation.JsonSchema;

namespace MedicalContent.Tests.Validation;

/// <summary>
/// Checks the embedded evaluator against an independent JSON Schema implementation, so the schema files mean to
/// editors' tools what they mean to the API.
/// </summary>
public class SchemaConformanceTests
{
    public static TheoryData<string> ArticleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.ContentJson, "articles"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.ContentJson, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ArticleFiles))]
    public async Task EveryArticleFileConformsToTheSchemaForAnIndependentValidator(string file)
    {
        var schema = await IndependentAsync("article.schema.json");

        var errors = schema.Validate(await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContentJson, file)));

        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheVocabularyConformsToTheSchemaForAnIndependentValidator()
    {
        var schema = await IndependentAsync("audiences.schema.json");

        Assert.Empty(schema.Validate(await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContentJson, "audiences.json"))));
    }

    [Fact]
    public async Task TheSyndicationTermsConformToTheSchemaForAnIndependentValidator()
    {
        var schema = await IndependentAsync("syndication.schema.json");

        Assert.Empty(schema.Validate(await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContentJson, "syndication.json"))));
    }

    [Theory]
    [InlineData("""{"version": 1.5}""")]
    [InlineData("""{"slug": "UPPER"}""")]
    [InlineData("""{"sections": [{"id": "s", "kind": "blog", "blocks": []}]}""")]
    [InlineData("""{"sections": [{"id": "s", "kind": "research", "blocks": [{"id": "b", "type": "list", "text": "x"}]}]}""")]
    [InlineData("""{"title": {}}""")]
    [InlineData("""{"lastUpdated": "2025-13-01"}""")]
    public async Task BothValidatorsRejectTheSameBrokenDocuments(string brokenPart)
    {
        var article = Documents.Article();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(brokenPart)!.AsObject())
        {
            article[key] = value?.DeepClone();
        }

        var json = article.ToJsonString();
        var independent = await IndependentAsync("article.schema.json");

        Assert.NotEmpty(independent.Validate(json));
        Assert.NotEmpty(CoreSchema.Article.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement));
    }

    /// <summary>
    /// NJsonSchema resolves local references under "definitions" (draft 7) but not "$defs" (2019-09+); renaming the
    /// container keeps every reference's meaning.
    /// </summary>
    private static Task<NJsonSchema.JsonSchema> IndependentAsync(string file) => NJsonSchema.JsonSchema.FromJsonAsync(
        File.ReadAllText(Path.Combine(RepoPaths.Schemas, file))
            .Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal)
            .Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal));

    [Fact]
    public void TheEmbeddedSchemasUseOnlyKeywordsTheEvaluatorUnderstands()
    {
        // Loading throws on an unsupported keyword; touching both proves they load.
        Assert.NotNull(CoreSchema.Article);
        Assert.NotNull(CoreSchema.AudienceVocabulary);
        Assert.Throws<NotSupportedException>(() => CoreSchema.Parse("""{"type": "string", "format": "email"}"""));
    }
}
