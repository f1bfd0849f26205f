using Azure;
using Azure.Storage.Blobs;
using MedicalContent.Model;
using MedicalContent.Storage;
using Polly;

namespace MedicalContent.Publishing;

/// <summary>
/// Read-modify-write of <c>index.json</c> with optimistic concurrency: the write is conditional on the ETag read
/// (or on there being no index yet), and a lost race re-reads, re-applies the change and tries again.
/// </summary>
internal static class IndexUpdater
{
    public const int DefaultMaxAttempts = 10;

    /// <param name="change">The index to write given the current one (null when none exists), or null to leave it as it is.</param>
    /// <param name="beforeWrite">Runs just before each conditional write (a test seam: interruptions and races).</param>
    /// <param name="retries">Retries a lost race with backoff (<see cref="StoreResilience.ForIndexUpdates"/>), built once by the caller.</param>
    public static async Task<IndexUpdate> UpdateAsync(
        BlobContainerClient container,
        Func<ContentIndex?, ContentIndex?> change,
        Func<CancellationToken, Task>? beforeWrite,
        ResiliencePipeline retries,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retries);
        var attempts = 0;
        try
        {
            // Each attempt is a whole round: a fresh read, the change re-applied, the conditional write.
            return await retries.ExecuteAsync(
                async token =>
                {
                    var attempt = ++attempts;
                    var current = await BlobContentStore.ReadCurrentIndexAsync(container, token).ConfigureAwait(false);
                    if (change(current?.Index) is not { } next)
                    {
                        return new IndexUpdate(false, attempt);
                    }

                    if (beforeWrite is not null)
                    {
                        await beforeWrite(token).ConfigureAwait(false);
                    }

                    await BlobContentStore.WriteIndexAsync(container, next, current?.ETag, token).ConfigureAwait(false);
                    return new IndexUpdate(true, attempt);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (StoreResilience.IsIndexConflict(e))
        {
            throw new IndexConflictException(
                $"Gave up writing {BlobContentStore.IndexBlobName} in {BlobContentStore.Describe(container)} after {attempts} attempts: " +
                "other publishers kept changing it. Nothing is lost: run the command again.");
        }
    }
}

/// <summary>Whether the index was written, and in how many read-modify-write rounds.</summary>
internal sealed record IndexUpdate(bool Written, int Attempts);
