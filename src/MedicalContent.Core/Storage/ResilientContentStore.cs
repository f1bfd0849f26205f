using Azure;
using MedicalContent.Delivery;
using Polly;
using Polly.Timeout;

namespace MedicalContent.Storage;

/// <summary>
/// Gives every store call a deadline and a bounded retry of transient failures, all within one budget, so a slow
/// or flaky store never holds a request longer than the budget (the pipeline: <see cref="StoreResilience.ForReads"/>).
/// Caller cancellation (a client that went away) cancels the call at once and is rethrown as it is. A call that
/// cannot succeed throws <see cref="StoreUnavailableException"/>, at once when its failure is not transient;
/// <see cref="ContentNotFoundException"/> and <see cref="InvalidContentException"/> are answers and pass through.
/// </summary>
public sealed class ResilientContentStore(
    IContentStore inner, ContentCacheOptions options, ContentCounters? counters = null, TimeProvider? time = null) : IContentStore, IIndexChangeReader
{
    private readonly ResiliencePipeline _pipeline = StoreResilience.ForReads(options, time ?? TimeProvider.System);

    public string Description => inner.Description;

    public IContentStore Inner => inner;

    public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken) =>
        RunAsync(token => inner.ReadIndexAsync(knownETag, token), "read the content index", cancellationToken);

    public bool ReadsChanges => inner is IIndexChangeReader { ReadsChanges: true };

    public Task<IndexSnapshot?> ReadIndexUpdateAsync(IndexSnapshot? known, CancellationToken cancellationToken) =>
        inner is IIndexChangeReader reader
            ? RunAsync(token => reader.ReadIndexUpdateAsync(known, token), "read the content index", cancellationToken)
            : ReadIndexAsync(known?.ETag, cancellationToken);

    public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
        RunAsync(token => inner.ReadVersionAsync(slug, version, token), $"read version {version} of '{slug}'", cancellationToken);

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> read, string what, CancellationToken cancellationToken)
    {
        var call = new StoreCall();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StoreResilience.CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (attempt, state) =>
                {
                    state.Call.Attempting();
                    return await state.Read(attempt.CancellationToken).ConfigureAwait(false);
                },
                context,
                (Call: call, Read: read)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            counters?.StoreCallCancelled();
            throw;
        }
        catch (TimeoutRejectedException e) when (call.BudgetSpent && call.InBackoff)
        {
            throw new StoreUnavailableException($"Could not {what} from the content store within {options.StoreBudgetSeconds:0.##} s.", call.LastFailure ?? e);
        }
        catch (Exception e) when (StoreResilience.IsTransient(e) || e is OperationCanceledException)
        {
            // Retries exhausted, or the budget lapsed during an attempt.
            throw new StoreUnavailableException(
                $"Could not {what} from the content store after {call.Attempts} attempt(s) within {options.StoreBudgetSeconds:0.##} s.", e);
        }
        catch (Exception e) when (e is not (ContentNotFoundException or InvalidContentException or StoreUnavailableException))
        {
            // 400, 403, 404, 409, 412… (or a failure that is no fault of the connection): the same call would fail
            // again, so it is not retried. "Not found" and invalid content are answers and pass through.
            var answer = e is RequestFailedException refused ? $"it answered {refused.Status}" : "the failure is not transient";
            throw new StoreUnavailableException($"Could not {what} from the content store: {answer}, so it was not retried.", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
