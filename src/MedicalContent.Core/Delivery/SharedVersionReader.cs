using MedicalContent.Model;
using MedicalContent.Storage;
using Microsoft.Extensions.Logging;

namespace MedicalContent.Delivery;

/// <summary>
/// Reads version documents from the store, checked against the index. Concurrent reads of one version share one store
/// call, cancelled only when every request waiting for it has gone away, so one client's abort never fails another's.
/// </summary>
internal sealed partial class SharedVersionReader(IContentStore store, ContentCacheOptions options, TimeProvider time, ILogger logger, ContentCounters counters)
{
    private readonly Dictionary<(string Slug, int Version, string Sha256), Flight> _flights = [];

    /// <summary>
    /// Joins (or starts) the one store read of a version. The request's whole store budget counts from
    /// <paramref name="started"/> (a <see cref="TimeProvider"/> timestamp), so it includes any index re-check it already waited for.
    /// </summary>
    public async Task<StoreRead<ArticleDocument>> ReadAsync(
        string slug, VersionEntry entry, AudienceVocabulary vocabulary, long started, CancellationToken cancellationToken)
    {
        var budget = options.StoreBudget - time.GetElapsedTime(started);
        var flightKey = (slug, entry.Number, entry.Sha256);
        Flight flight;
        lock (_flights)
        {
            if (!_flights.TryGetValue(flightKey, out flight!))
            {
                flight = new Flight();
                flight.Task = Task.Run(() => LoadAsync(slug, entry, vocabulary, flight.Cancellation.Token), CancellationToken.None);
                _flights[flightKey] = flight;
            }

            flight.Waiters++;
        }

        try
        {
            return await flight.Task.WaitAsync(budget > TimeSpan.Zero ? budget : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new Unavailable($"Version {entry.Number} of '{slug}' could not be read from the content store within the request's {options.StoreBudgetSeconds:0.##} s budget.");
        }
        finally
        {
            lock (_flights)
            {
                if (--flight.Waiters == 0)
                {
                    _flights.Remove(flightKey);
                    if (!flight.Task.IsCompleted)
                    {
                        flight.Cancellation.Cancel();
                    }
                }
            }
        }
    }

    private async Task<StoreRead<ArticleDocument>> LoadAsync(string slug, VersionEntry entry, AudienceVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var version = entry.Number;
        counters.VersionRead();
        byte[] bytes;
        try
        {
            bytes = await store.ReadVersionAsync(slug, version, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StoreUnavailableException e)
        {
            counters.VersionReadFailed();
            return new Unavailable(e.Message);
        }
        catch (InvalidContentException e)
        {
            // A store that validates on read (the file store) found the version invalid: never served, like a failed check below.
            counters.IntegrityFailed();
            LogInvalidVersion(logger, slug, version, "(not served)", store.Description, e.Problems.Count, string.Join("; ", e.Problems.Take(5)));
            return new Unavailable($"Version {version} of '{slug}' failed its integrity check in the content store; try again shortly.");
        }
        catch (Exception)
        {
            counters.VersionReadFailed();
            return new Unavailable($"Version {version} of '{slug}' cannot be read from the content store.");
        }

        // Corrupt or hand-edited bytes are never rendered, cached or served: the request answers 503 and the next
        // read tries the store again, so a repaired blob is served as soon as it is back.
        var check = VersionIntegrity.Check(slug, entry, bytes, vocabulary);
        if (check.Document is { } document)
        {
            return document;
        }

        counters.IntegrityFailed();
        if (check.HashMismatch)
        {
            LogHashMismatch(logger, slug, version, entry.Sha256, check.ActualSha256, store.Description);
        }
        else
        {
            LogInvalidVersion(logger, slug, version, check.ActualSha256, store.Description, check.Problems.Count, string.Join("; ", check.Problems.Take(5)));
        }

        return new Unavailable($"Version {version} of '{slug}' failed its integrity check in the content store; try again shortly.");
    }

    private sealed class Flight
    {
        public Task<StoreRead<ArticleDocument>> Task { get; set; } = null!;

        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of '{Slug}' in {Store} does not match the index: expected SHA-256 {ExpectedSha256}, read {ActualSha256}; answering 503")]
    private static partial void LogHashMismatch(ILogger logger, string slug, int version, string expectedSha256, string actualSha256, string store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of '{Slug}' in {Store} (SHA-256 {ActualSha256}) is not a valid article, {ProblemCount} problem(s): {Problems}; answering 503")]
    private static partial void LogInvalidVersion(ILogger logger, string slug, int version, string actualSha256, string store, int problemCount, string problems);
}
