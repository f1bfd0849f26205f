using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>Serves a real store's content with some versions marked retracted, as a publisher's retract would.</summary>
public sealed class RetractingStore(IContentStore inner, params (string Slug, int Version, string Reason)[] retractions) : IContentStore
{
    public string Description => inner.Description;

    public async Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
    {
        var read = await inner.ReadIndexAsync(knownETag, cancellationToken);
        if (read is null)
        {
            return null;
        }

        var articles = read.Index.Articles.Select(a => a with
        {
            Versions = a.Versions.Select(v => retractions.FirstOrDefault(r => r.Slug == a.Slug && r.Version == v.Number) is { Reason: not null } r
                ? v with { Retraction = new Model.Retraction { Reason = r.Reason, RetractedAt = new DateTimeOffset(2025, 12, 1, 9, 30, 0, TimeSpan.Zero) } }
                : v).ToList(),
        }).ToList();
        return read with { Index = read.Index with { Articles = articles } };
    }

    public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
        inner.ReadVersionAsync(slug, version, cancellationToken);
}
