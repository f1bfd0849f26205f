using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Delivery;

/// <summary>
/// The latest article is made from its version's rendered bytes, read back: reading and writing them again must give
/// the same bytes, or the latest would differ from its version in more than what only the latest carries.
/// </summary>
public class RenditionRoundTripTests
{
    [Fact]
    public void EveryRenderedVersionOfTheSampleContentReadsBackToTheSameBytes()
    {
        var folder = ContentFolder.Load(RepoPaths.ContentJson);
        var index = folder.ToIndex();
        var checkedRenditions = 0;
        foreach (var version in folder.Versions)
        {
            var slug = version.Document.Slug;
            var entry = index.Articles.Single(a => a.Slug == slug).Versions.Single(v => v.Number == version.Document.Version);
            foreach (var (audience, format, representation) in ArticleRenditions.Render(slug, entry, version.Document, new DateOnly(2025, 1, 1)))
            {
                if (format != ArticleFormat.Json)
                {
                    continue;
                }

                var article = JsonSerializer.Deserialize(representation.Body, RenditionJsonContext.Default.ArticleRepresentation)!;
                var again = JsonSerializer.SerializeToUtf8Bytes(article, CoreJsonContext.Readable.ArticleRepresentation);

                Assert.True(representation.Body.AsSpan().SequenceEqual(again), $"{slug} v{version.Document.Version} ({audience}) does not read back to the same bytes");
                checkedRenditions++;
            }
        }

        Assert.True(checkedRenditions >= 10, $"expected the sample content's renditions; checked {checkedRenditions}");
    }
}
