using Azure;
using Azure.Storage.Blobs;
using MedicalContent.Model;
using MedicalContent.Storage;

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
    public static async Task<IndexUpdate> UpdateAsync(
        BlobContainerClient container,
        Func<ContentIndex?, ContentIndex?> change,
        Func<CancellationToken, Task>? beforeWrite,
        int maxAttempts,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            var current = await BlobContentStore.ReadCurrentIndexAsync(container, cancellationToken).ConfigureAwait(false);
            if (change(current?.Index) is not { } next)
            {
                return new IndexUpdate(false, attempt);
            }

            if (beforeWrite is not null)
            {
                await beforeWrite(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await BlobContentStore.WriteIndexAsync(container, next, current?.ETag, cancellationToken).ConfigureAwait(false);
                return new IndexUpdate(true, attempt);
            }
            catch (RequestFailedException e) when (IsLostRace(e) && attempt < maxAttempts)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (IsLostRace(e))
            {
                throw new IndexConflictException(
                    $"Gave up writing {BlobContentStore.IndexBlobName} in {BlobContentStore.Describe(container)} after {attempt} attempts: " +
                    "other publishers kept changing it. Nothing is lost: run the command again.");
            }
        }
    }

    // 412: the index changed since it was read; 409: someone created the first index in the meantime.
    private static bool IsLostRace(RequestFailedException e) => e.Status is 412 or 409;

    // Full jitter, so publishers that collided do not collide again in lockstep.
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(2000, 50 * (1 << Math.Min(attempt, 10)));
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 4, ceiling));
#pragma warning restore CA5394
    }
}

/// <summary>Whether the index was written, and in how many read-modify-write rounds.</summary>
internal sealed record IndexUpdate(bool Written, int Attempts);
