using Azure;
using Azure.Storage.Blobs;
using MedicalContent.Model;
using MedicalContent.Storage;
using Polly;

namespace MedicalContent.Publishing;

/// <summary>
/// Read-modify-write of <c>index.json</c> with optimistic concurrency: the write is conditional on the ETag read
/// (or on there being no index yet), and a lost race re-reads, re-applies the change and tries again. Each write is
/// logged first as a delta in the index's change log (<see cref="IndexChangeLog"/>), so instances read only the delta.
/// </summary>
internal static class IndexUpdater
{
    public const int DefaultMaxAttempts = 10;

    /// <param name="change">The index to write given the current one (null when none exists), or null to leave it as it is.</param>
    /// <param name="beforeWrite">Runs just before each conditional write (a test seam: interruptions and races).</param>
    /// <param name="retries">Retries a lost race with backoff (<see cref="StoreResilience.ForIndexUpdates"/>), built once by the caller.</param>
    /// <param name="known">The index as the caller last read it: the first round re-reads it only if it changed since.</param>
    public static async Task<IndexUpdate> UpdateAsync(
        BlobContainerClient container,
        Func<ContentIndex?, ContentIndex?> change,
        Func<CancellationToken, Task>? beforeWrite,
        ResiliencePipeline retries,
        CancellationToken cancellationToken,
        IndexSnapshot? known = null)
    {
        ArgumentNullException.ThrowIfNull(retries);
        var attempts = 0;
        var logged = false;
        try
        {
            // Each attempt is a whole round: a fresh read, the change re-applied, the logged change, the conditional write.
            return await retries.ExecuteAsync(
                async token =>
                {
                    var attempt = ++attempts;
                    var current = known = await BlobContentStore.ReadCurrentIndexAsync(container, token, known).ConfigureAwait(false);
                    if (change(current?.Index) is not { } next)
                    {
                        // Nothing (left) to do; if an earlier round logged this change, another writer committed it.
                        return new IndexUpdate(logged, attempt);
                    }

                    if (beforeWrite is not null)
                    {
                        await beforeWrite(token).ConfigureAwait(false);
                    }

                    await WriteAsync(container, current, next, () => logged = true, token).ConfigureAwait(false);
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
    /// <summary>
    /// Commits <paramref name="next"/> over <paramref name="current"/>: logs the change as the next number of the
    /// index's change log (create-only: one writer wins each number), then writes the index conditionally on the ETag
    /// read, naming that number. A lost race throws a 412/409 <see cref="RequestFailedException"/> (the round is
    /// retried). <paramref name="logged"/> runs once the change is logged: from then on another writer may commit it.
    /// </summary>
    private static async Task WriteAsync(BlobContainerClient container, IndexSnapshot? current, ContentIndex next, Action logged, CancellationToken cancellationToken)
    {
        var delta = current?.Log is null
            ? null
            : IndexChange.Between(current.Index, next, current.ETag, !IndexMerge.SameVocabulary(current.Index.Audiences, next.Audiences));
        if (current is null || current.Log is not { } log || delta is null)
        {
            // No log yet (a new store, or one an older publisher wrote), or a change no delta expresses: a new log
            // starts here, and instances read this index whole once.
            await BlobContentStore.WriteIndexAsync(container, next, current?.ETag, cancellationToken, new IndexLogPosition(IndexChangeLog.NewLog(), 0))
                .ConfigureAwait(false);
            return;
        }

        var position = log with { Number = log.Number + 1 };
        if (!await IndexChangeLog.TryCreateAsync(container, log.Log, position.Number, delta, cancellationToken).ConfigureAwait(false))
        {
            // Another writer logged this number. If its change is based on the index we read, it may have stopped before
            // writing the index: finish its write (the same bytes it would have written), then retry our own round.
            var other = await IndexChangeLog.ReadAsync(container, log.Log, position.Number, cancellationToken).ConfigureAwait(false);
            if (other is not null && other.Base == current.ETag)
            {
                await TryWriteAsync(container, other.ApplyTo(current.Index), current.ETag, position, cancellationToken).ConfigureAwait(false);
                throw new RequestFailedException(412, $"Change {position.Number} of the index was logged by another publisher.");
            }

            // A change left behind by a writer whose index write lost (the log cannot continue from it): a new log.
            await BlobContentStore.WriteIndexAsync(container, next, current.ETag, cancellationToken, new IndexLogPosition(IndexChangeLog.NewLog(), 0))
                .ConfigureAwait(false);
            return;
        }

        logged();
        await BlobContentStore.WriteIndexAsync(container, next, current.ETag, cancellationToken, position).ConfigureAwait(false);
        await IndexChangeLog.ForgetAsync(container, log.Log, position.Number - IndexChangeLog.Kept, cancellationToken).ConfigureAwait(false);
    }

    private static async Task TryWriteAsync(BlobContainerClient container, ContentIndex index, string etag, IndexLogPosition position, CancellationToken cancellationToken)
    {
        try
        {
            await BlobContentStore.WriteIndexAsync(container, index, etag, cancellationToken, position).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (StoreResilience.IsIndexConflict(e))
        {
            // Its writer (or another publisher) got there first.
        }
    }
}


/// <summary>Whether the index was written, and in how many read-modify-write rounds.</summary>
internal sealed record IndexUpdate(bool Written, int Attempts);
