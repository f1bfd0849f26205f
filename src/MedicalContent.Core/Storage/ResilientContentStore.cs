using MedicalContent.Delivery;

namespace MedicalContent.Storage;

/// <summary>
/// Gives every store call a deadline and a bounded retry policy, all within one budget, so a slow or flaky store
/// never holds a request longer than the budget. Caller cancellation (a client that went away) cancels the call.
/// </summary>
public sealed class ResilientContentStore(IContentStore inner, ContentCacheOptions options, ContentCounters? counters = null) : IContentStore
{
    public string Description => inner.Description;

    public IContentStore Inner => inner;

    public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken) =>
        RunAsync(token => inner.ReadIndexAsync(knownETag, token), "read the content index", cancellationToken);

    public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
        RunAsync(token => inner.ReadVersionAsync(slug, version, token), $"read version {version} of '{slug}'", cancellationToken);

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.StoreBudget);
        for (var attempt = 0; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            deadline.CancelAfter(options.StoreTimeout);
            try
            {
                return await call(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                counters?.StoreCallCancelled();
                throw;
            }
            catch (Exception e) when (IsTransient(e))
            {
                if (budget.IsCancellationRequested || attempt >= options.StoreRetries)
                {
                    throw new StoreUnavailableException(
                        $"Could not {what} from the content store after {attempt + 1} attempt(s) within {options.StoreBudgetSeconds:0.##} s.", e);
                }

                try
                {
                    await Task.Delay(Backoff(attempt), budget.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new StoreUnavailableException($"Could not {what} from the content store within {options.StoreBudgetSeconds:0.##} s.", e);
                }
            }
        }
    }

    // Missing versions and invalid content are answers, not faults: retrying cannot change them.
    private static bool IsTransient(Exception e) => e is not (ContentNotFoundException or InvalidContentException);

    private static TimeSpan Backoff(int attempt)
    {
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds((50 << attempt) * (0.5 + Random.Shared.NextDouble()));
#pragma warning restore CA5394
    }
}
