using MedicalContent.Storage;
using Microsoft.Extensions.Logging;

namespace MedicalContent.Delivery;

/// <summary>
/// The store's index as an immutable snapshot, re-checked at most once per refresh interval by one caller while the
/// others keep reading the current one. While the store fails, the last good snapshot is served until the stale
/// window closes; with nothing to serve, requests are answered at once rather than queued behind a failing store.
/// </summary>
internal sealed partial class SnapshotSource(
    IContentStore store, ContentCacheOptions options, TimeProvider time, ILogger logger, ContentCounters counters, int dueSoonDays = ReviewCycleOptions.DefaultDueSoonDays)
    : IDisposable
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile Snapshot? _snapshot;
    private volatile StoreFailure? _failure;

    // The index as last read (with its change-log position): a store that logs changes reads only those since it.
    private IndexSnapshot? _read;
    private long _generation;

    public string StoreDescription => store.Description;

    /// <summary>When the store last answered, if it ever did.</summary>
    public DateTimeOffset? LastSuccessAt => _snapshot?.LastSuccessAt;

    /// <summary>Why the last re-check of the store failed, while it keeps failing.</summary>
    public string? Failure => _failure?.Message;

    public void Dispose() => _refreshGate.Dispose();

    /// <summary>
    /// The snapshot to answer from, or why there is none. Invalid content in the store throws
    /// <see cref="InvalidContentException"/> when there is no good snapshot to keep serving.
    /// </summary>
    public async ValueTask<StoreRead<Snapshot>> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var now = time.GetUtcNow();
        if (snapshot is not null && now - snapshot.CheckedAt < options.RefreshInterval)
        {
            return Serve(snapshot, now);
        }

        // Nothing to serve and the store failed a moment ago: answer at once rather than queue behind it.
        if (snapshot is null && _failure is { } failure && now - failure.At < FailFastInterval)
        {
            return new Unavailable(failure.Message);
        }

        // One caller re-checks the store; while it does, everyone else keeps reading the current snapshot.
        if (snapshot is not null)
        {
            if (!await _refreshGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                return Serve(snapshot, now);
            }
        }
        else if (!await _refreshGate.WaitAsync(options.StoreBudget, cancellationToken).ConfigureAwait(false))
        {
            return new Unavailable("The content store is being read by another request; try again shortly.");
        }

        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && time.GetUtcNow() - snapshot.CheckedAt < options.RefreshInterval)
            {
                return Serve(snapshot, now);
            }

            if (!(await RefreshAsync(snapshot, cancellationToken).ConfigureAwait(false)).TryGet(out snapshot, out var unavailable))
            {
                return unavailable;
            }

            _snapshot = snapshot;
            return Serve(snapshot, time.GetUtcNow());
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private TimeSpan FailFastInterval => TimeSpan.FromSeconds(Math.Max(1, Math.Min(options.RefreshIntervalSeconds, 5)));

    /// <summary>While the store is failing, content in memory is served (and counted as stale) only until the stale window closes.</summary>
    private StoreRead<Snapshot> Serve(Snapshot snapshot, DateTimeOffset now)
    {
        if (_failure is null)
        {
            return snapshot;
        }

        if (now - snapshot.LastSuccessAt <= options.StaleWindow)
        {
            counters.StaleServed();
            return snapshot;
        }

        return new Unavailable(
            $"The content store has not been readable since {snapshot.LastSuccessAt:u}, longer than the {options.StaleWindowSeconds} s stale window.");
    }

    private async Task<StoreRead<Snapshot>> RefreshAsync(Snapshot? current, CancellationToken cancellationToken)
    {
        try
        {
            var known = current is not null && _read?.ETag == current.StoreETag ? _read : null;
            var read = store is IIndexChangeReader { ReadsChanges: true } reader && known is not null
                ? await reader.ReadIndexUpdateAsync(known, cancellationToken).ConfigureAwait(false)
                : await store.ReadIndexAsync(current?.StoreETag, cancellationToken).ConfigureAwait(false);
            counters.IndexRead(modified: read is not null);
            _failure = null;
            if (read is null)
            {
                current!.MarkChecked(time.GetUtcNow(), succeeded: true);
                return current;
            }

            LogIndexLoaded(logger, read.Index.Articles.Count, store.Description);
            var snapshot = new Snapshot(read.Index, read.ETag, Interlocked.Increment(ref _generation), time.GetUtcNow(), options.PublicStatuses, dueSoonDays);

            // The next change applies to the snapshot's index (without the summaries it never lists), so the index as
            // read is not kept twice: a change carries the whole entries of the articles it touches, summaries included.
            _read = read with { Index = snapshot.Index };
            return snapshot;
        }
        catch (Exception e) when (current is null && e is not OperationCanceledException and not InvalidContentException)
        {
            LogIndexUnreadable(logger, e, store.Description);
            counters.IndexReadFailed();
            var message = e is StoreUnavailableException ? e.Message : "The content store cannot be read.";
            _failure = new StoreFailure(message, time.GetUtcNow());
            return new Unavailable(message);
        }
        catch (Exception e) when (current is not null && e is not OperationCanceledException)
        {
            // Keep serving what we have; try again after the next interval.
            LogRefreshFailed(logger, e, store.Description);
            counters.IndexReadFailed();
            _failure = new StoreFailure(e.Message, time.GetUtcNow());
            current.MarkChecked(time.GetUtcNow(), succeeded: false);
            return current;
        }
    }

    /// <summary>The last failed read of the store, while it keeps failing.</summary>
    private sealed record StoreFailure(string Message, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the content index: {Articles} article(s) from {Store}")]
    private static partial void LogIndexLoaded(ILogger logger, int articles, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the content index from {Store}; answering 503 until it can")]
    private static partial void LogIndexUnreadable(ILogger logger, Exception exception, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check the content index in {Store}; serving the last good snapshot")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string store);
}
