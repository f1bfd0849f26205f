using Azure.Storage.Blobs;
using MedicalContent.Model;
using MedicalContent.Storage;
using Polly;

namespace MedicalContent.Publishing;

/// <summary>
/// Marks a published version retracted in the index (reason and time). The version blob stays: the API answers its
/// URL with 410 Gone and the reason, and "latest" falls back to the previous served version.
/// </summary>
public sealed class Retractor
{
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private ResiliencePipeline? _indexRetries;

    public Retractor(BlobContainerClient container, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(time);
        _container = container;
        _time = time;
    }

    public int MaxIndexAttempts { get; init; } = IndexUpdater.DefaultMaxAttempts;

    /// <summary>Lost index races retried with backoff on the retractor's clock; built on first use, after the init properties.</summary>
    private ResiliencePipeline IndexRetries => _indexRetries ??= StoreResilience.ForIndexUpdates(MaxIndexAttempts, _time);

    /// <exception cref="RetractionRefusedException">Nothing published, unknown article or version, or already retracted.</exception>
    public async Task<Retraction> RetractAsync(string slug, int version, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = _time.GetUtcNow();
        var retraction = new Retraction
        {
            Reason = reason.Trim(),
            RetractedAt = now.ToWholeSeconds(),
        };
        await IndexUpdater.UpdateAsync(_container, current => Apply(current, slug, version, retraction), null, IndexRetries, cancellationToken)
            .ConfigureAwait(false);
        return retraction;
    }

    private ContentIndex Apply(ContentIndex? current, string slug, int version, Retraction retraction)
    {
        if (current is null)
        {
            throw new RetractionRefusedException($"Nothing has been published to {BlobContentStore.Describe(_container)}: there is nothing to retract.");
        }

        var article = current.Articles.FirstOrDefault(a => a.Slug == slug)
            ?? throw new RetractionRefusedException($"There is no published article '{slug}'. Published articles: {List(current.Articles.Select(a => a.Slug))}.");
        var entry = article.Versions.FirstOrDefault(v => v.Number == version)
            ?? throw new RetractionRefusedException($"'{slug}' has no version {version}. Its published versions: {List(article.Versions.Select(v => v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)))}.");
        if (entry.Retraction is { } earlier)
        {
            throw new RetractionRefusedException($"Version {version} of '{slug}' is already retracted (on {earlier.RetractedAt:yyyy-MM-dd HH:mm:ss} UTC: {earlier.Reason}).");
        }

        return current with
        {
            Articles = current.Articles
                .Select(a => a.Slug != slug ? a : a with
                {
                    Versions = a.Versions.Select(v => v.Number == version ? v with { Retraction = retraction with { Sequence = current.LastSequence() + 1 } } : v).ToList(),
                })
                .ToList(),
        };
    }

    private static string List(IEnumerable<string> values)
    {
        var all = values.ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all.Take(20)) + (all.Count > 20 ? $", ... ({all.Count} in all)" : "");
    }
}
