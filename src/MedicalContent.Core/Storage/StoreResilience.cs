using System.Net.Sockets;
using Azure;
using MedicalContent.Delivery;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MedicalContent.Storage;

/// <summary>
/// The one home of the store's retry shape: which failures are worth another attempt, and the exponential jittered
/// backoff between attempts. Builds the Polly pipelines of the API's store reads and of the publishers' index
/// updates; build them once and share them (they are thread-safe), with the app's <see cref="TimeProvider"/> so
/// tests control time.
/// </summary>
public static class StoreResilience
{
    /// <summary>The first backoff; each further retry doubles it (with jitter), up to <see cref="MaxDelay"/>.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest backoff between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    internal static readonly ResiliencePropertyKey<StoreCall> CallKey = new("MedicalContent.StoreCall");

    /// <summary>
    /// Store reads: one budget for the whole call (<see cref="ContentCacheOptions.StoreBudget"/>, outermost), then up
    /// to <see cref="ContentCacheOptions.StoreRetries"/> retries of transient failures (<see cref="IsTransient"/>),
    /// each attempt with its own deadline (<see cref="ContentCacheOptions.StoreTimeout"/>). A lapsed deadline or
    /// budget surfaces as <see cref="TimeoutRejectedException"/>; the caller's cancellation as
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static ResiliencePipeline ForReads(ContentCacheOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new ResiliencePipelineBuilder { Name = "content-store-reads", TimeProvider = time };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "budget",
            Timeout = options.StoreBudget,
            OnTimeout = static args =>
            {
                if (args.Context.Properties.TryGetValue(CallKey, out var call))
                {
                    call.BudgetSpent = true;
                }

                return default;
            },
        });
        if (options.StoreRetries > 0)
        {
            builder.AddRetry(Retry(
                options.StoreRetries,
                static args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransientAttempt(e, args.Context.CancellationToken)),
                static args =>
                {
                    if (args.Context.Properties.TryGetValue(CallKey, out var call))
                    {
                        call.BackingOff(args.Outcome.Exception);
                    }

                    return default;
                }));
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = options.StoreTimeout });
        return builder.Build();
    }

    /// <summary>
    /// Index read-modify-write rounds: a round that lost the optimistic-concurrency race (<see cref="IsIndexConflict"/>)
    /// is retried with the same backoff, up to <paramref name="maxAttempts"/> rounds in all; nothing else is retried.
    /// </summary>
    public static ResiliencePipeline ForIndexUpdates(int maxAttempts, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new ResiliencePipelineBuilder { Name = "content-index-updates", TimeProvider = time };
        if (maxAttempts > 1)
        {
            builder.AddRetry(Retry(
                maxAttempts - 1,
                static args => ValueTask.FromResult(args.Outcome.Exception is RequestFailedException e && IsIndexConflict(e)),
                onRetry: null));
        }

        return builder.Build();
    }

    /// <summary>
    /// Whether another attempt may succeed: no answer or a broken connection (network errors, Azure status 0), an
    /// attempt past its deadline, or Azure Storage's own "try again" statuses (408, 429, 5xx). Never other 4xx
    /// (400, 403, 404, 409, 412: retrying cannot change them), never "not found" or invalid content (answers, not
    /// faults), never cancellation.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        RequestFailedException e => e.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>
    /// As <see cref="IsTransient(Exception)"/>, and a cancellation that is not the pipeline's own (the SDK's network
    /// timeout gave up on the attempt) counts as an attempt past its deadline.
    /// </summary>
    private static bool IsTransientAttempt(Exception exception, CancellationToken pipeline) =>
        IsTransient(exception) || (exception is OperationCanceledException && !pipeline.IsCancellationRequested);

    /// <summary>412: the index changed since it was read; 409: someone created the first index in the meantime.</summary>
    public static bool IsIndexConflict(RequestFailedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Status is 412 or 409;
    }

    // Exponential with jitter (Polly's decorrelated jitter), so callers that failed together do not retry in lockstep.
    private static RetryStrategyOptions Retry(
        int retries, Func<RetryPredicateArguments<object>, ValueTask<bool>> shouldHandle, Func<OnRetryArguments<object>, ValueTask>? onRetry) => new()
    {
        MaxRetryAttempts = retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = BaseDelay,
        MaxDelay = MaxDelay,
        ShouldHandle = shouldHandle,
        OnRetry = onRetry,
    };
}

/// <summary>What one store call went through, for its failure message: attempts, the last failure, the budget.</summary>
internal sealed class StoreCall
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Whether the call is waiting out a backoff (rather than in an attempt).</summary>
    public bool InBackoff { get; private set; }

    public Exception? LastFailure { get; private set; }

    public bool BudgetSpent { get; set; }

    public void Attempting()
    {
        Interlocked.Increment(ref _attempts);
        InBackoff = false;
    }

    public void BackingOff(Exception? failure)
    {
        LastFailure = failure;
        InBackoff = true;
    }
}
