using System.Text.Json;
using MedicalContent.Tests.Support;
using MedicalContent.Validation;
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
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContentJson, file)));

        Assert.Empty(IndependentSchema.Errors("article.schema.json", document.RootElement));
    }

    [Fact]
    public async Task TheVocabularyConformsToTheSchemaForAnIndependentValidator()
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContentJson, "audiences.json")));

        Assert.Empty(IndependentSchema.Errors("audiences.schema.json", document.RootElement));
    }

    [Fact]
    public async Task TheSyndicationTermsConformToTheSchemaForAnIndependentValidator()
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContentJson, "syndication.json")));

        Assert.Empty(IndependentSchema.Errors("syndication.schema.json", document.RootElement));
    }

    [Theory]
    [InlineData("""{"version": 1.5}""")]
    [InlineData("""{"slug": "UPPER"}""")]
    [InlineData("""{"sections": [{"id": "s", "kind": "blog", "blocks": []}]}""")]
    [InlineData("""{"sections": [{"id": "s", "kind": "research", "blocks": [{"id": "b", "type": "list", "text": "x"}]}]}""")]
    [InlineData("""{"title": {}}""")]
    [InlineData("""{"lastUpdated": "2025-13-01"}""")]
    public void BothValidatorsRejectTheSameBrokenDocuments(string brokenPart)
    {
        var article = Documents.Article();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(brokenPart)!.AsObject())
        {
            article[key] = value?.DeepClone();
        }

        using var document = JsonDocument.Parse(article.ToJsonString());

        Assert.NotEmpty(IndependentSchema.Errors("article.schema.json", document.RootElement));
        Assert.NotEmpty(CoreSchema.Article.Evaluate(document.RootElement));
    }

    [Fact]
    public void TheEmbeddedSchemasUseOnlyKeywordsTheEvaluatorUnderstands()
    {
        // Loading throws on an unsupported keyword; touching both proves they load.
        Assert.NotNull(CoreSchema.Article);
        Assert.NotNull(CoreSchema.AudienceVocabulary);
        Assert.Throws<NotSupportedException>(() => CoreSchema.Parse("""{"type": "string", "format": "email"}"""));
    }
}
