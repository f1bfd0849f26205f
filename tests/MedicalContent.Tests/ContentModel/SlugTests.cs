using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Validation;

namespace MedicalContent.Tests.ContentModel;

public sealed class SlugTests
{
    [Theory]
    [InlineData("metformin", true)]
    [InlineData("polycystic-ovary-syndrome", true)]
    [InlineData("type-2", true)]
    [InlineData("Metformin", false)]
    [InlineData("met--formin", false)]
    [InlineData("-metformin", false)]
    [InlineData("metformin-", false)]
    [InlineData("metformin\n", false)]
    [InlineData("", false)]
    [InlineData("../etc", false)]
    public void ASlugIsLowercaseWordsJoinedBySingleHyphens(string value, bool valid) => Assert.Equal(valid, Slug.IsValid(value));

    [Theory]
    [InlineData("slug")]
    [InlineData("id")]
    public void TheArticleSchemaStatesTheSameRule(string definition)
    {
        var schema = JsonNode.Parse(JsonSchema.ReadEmbeddedBytes("article.schema.json"))!;

        Assert.Equal(Slug.Pattern, schema["$defs"]![definition]!["pattern"]!.GetValue<string>());
    }
}
