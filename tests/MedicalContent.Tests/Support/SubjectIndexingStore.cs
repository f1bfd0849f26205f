using System.Text.Json;
using MedicalContent.Serialization;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>
/// Serves a real store's index with each version entry's <c>summary</c> and <c>about</c> filled from its document where
/// the entry lacks them, as indexes written at publish time carry them: search and the Infobutton lookup read only
/// the index. Entries that already carry them are served as they are.
/// </summary>
public sealed class SubjectIndexingStore(IContentStore inner) : IContentStore
{
    public string Description => inner.Description;

    public async Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
    {
        var read = await inner.ReadIndexAsync(knownETag, cancellationToken);
        if (read is null)
        {
            return null;
        }

        var articles = new List<Model.ArticleEntry>();
        foreach (var article in read.Index.Articles)
        {
            var versions = new List<Model.VersionEntry>();
            foreach (var version in article.Versions)
            {
                if (version.About is not null && version.Summary is not null)
                {
                    versions.Add(version);
                    continue;
                }

                var document = JsonSerializer.Deserialize(
                    await inner.ReadVersionAsync(article.Slug, version.Number, cancellationToken), CoreJsonContext.Default.ArticleDocument)!;
                versions.Add(version with { About = version.About ?? document.Subject, Summary = version.Summary ?? document.Summary });
            }

            articles.Add(article with { Versions = versions });
        }

        return read with { Index = read.Index with { Articles = articles } };
    }

    public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
        inner.ReadVersionAsync(slug, version, cancellationToken);
}
