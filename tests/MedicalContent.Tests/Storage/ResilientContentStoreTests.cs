using System.Net.Sockets;
using Azure;
using MedicalContent.Delivery;
using MedicalContent.Storage;
using MedicalContent.Validation;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace MedicalContent.Tests.Storage;

/// <summary>
/// The store-read pipeline against a substitute store on a fake clock: which failures are retried, how often, the
/// per-call deadline, the one budget, and caller cancellation. Time only moves when a test moves it; nothing here
/// measures elapsed time.
/// </summary>
public sealed class ResilientContentStoreTests
{
    private const string Slug = "metformin";
    private const int Version = 1;

    private static readonly byte[] Bytes = [1, 2, 3];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly IContentStore _inner = Substitute.For<IContentStore>();
    private readonly ContentCounters _counters = new();

    private int Calls => _inner.ReceivedCalls().Count();

    /// <summary>Two retries, a 1 s deadline and a budget far beyond anything these tests move the clock by.</summary>
    private ResilientContentStore Create(int retries = 2, double timeoutSeconds = 1, double budgetSeconds = 3600) => new(
        _inner,
        new ContentCacheOptions { StoreRetries = retries, StoreTimeoutSeconds = timeoutSeconds, StoreBudgetSeconds = budgetSeconds },
        _counters,
        _time);

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(408)]
    [InlineData(0)]
    public async Task TransientStatusesAreRetriedUpToStoreRetriesThenTheStoreIsUnavailable(int status)
    {
        var failure = new RequestFailedException(status, $"status {status}");
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(Task.FromException<byte[]>(failure));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => SettleAsync(Create(retries: 2).ReadVersionAsync(Slug, Version, CancellationToken.None)));

        Assert.Equal(1 + 2, Calls);
        Assert.Same(failure, error.InnerException);
        Assert.Equal($"Could not read version {Version} of '{Slug}' from the content store after 3 attempt(s) within 3600 s.", error.Message);
    }

    [Theory]
    [InlineData(nameof(IOException))]
    [InlineData(nameof(HttpRequestException))]
    [InlineData(nameof(SocketException))]
    public async Task NetworkErrorsAreRetriedUpToStoreRetries(string kind)
    {
        Exception failure = kind switch
        {
            nameof(IOException) => new IOException("connection reset"),
            nameof(HttpRequestException) => new HttpRequestException("no route"),
            _ => new SocketException((int)SocketError.ConnectionRefused),
        };
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(Task.FromException<byte[]>(failure));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => SettleAsync(Create(retries: 4).ReadVersionAsync(Slug, Version, CancellationToken.None)));

        Assert.Equal(1 + 4, Calls);
        Assert.Same(failure, error.InnerException);
    }

    [Fact]
    public async Task AStoreThatRecoversWithinTheRetriesAnswers()
    {
        var unavailable = Task.FromException<byte[]>(new RequestFailedException(503, "Server busy"));
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(unavailable, unavailable, Task.FromResult(Bytes));

        var bytes = await SettleAsync(Create(retries: 2).ReadVersionAsync(Slug, Version, CancellationToken.None));

        Assert.Equal(Bytes, bytes);
        Assert.Equal(3, Calls);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    public async Task OtherClientErrorsAreNotRetriedAndTheStoreIsUnavailableAtOnce(int status)
    {
        var refusal = new RequestFailedException(status, $"status {status}");
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(Task.FromException<byte[]>(refusal));

        // No clock movement: a refusal needs no backoff, so the call ends without time passing.
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => Create(retries: 5).ReadVersionAsync(Slug, Version, CancellationToken.None));

        Assert.Equal(1, Calls);
        Assert.Same(refusal, error.InnerException);
        Assert.Equal($"Could not read version {Version} of '{Slug}' from the content store: it answered {status}, so it was not retried.", error.Message);
    }

    [Fact]
    public async Task ARefusedIndexReadIsNotRetriedAndSaysWhatWasBeingRead()
    {
        _inner.ReadIndexAsync(null, Arg.Any<CancellationToken>()).Returns(Task.FromException<IndexSnapshot?>(new RequestFailedException(403, "AuthorizationFailure")));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => Create().ReadIndexAsync(null, CancellationToken.None));

        Assert.Equal(1, Calls);
        Assert.StartsWith("Could not read the content index from the content store: it answered 403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingVersionsAndInvalidContentAreAnswersThatPassThroughUnretried()
    {
        var missing = new ContentNotFoundException("not there");
        var invalid = new InvalidContentException([new ValidationProblem("index.json", "", "broken")]);
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(Task.FromException<byte[]>(missing));
        _inner.ReadIndexAsync(null, Arg.Any<CancellationToken>()).Returns(Task.FromException<IndexSnapshot?>(invalid));
        var store = Create(retries: 5);

        Assert.Same(missing, await Assert.ThrowsAsync<ContentNotFoundException>(() => store.ReadVersionAsync(Slug, Version, CancellationToken.None)));
        Assert.Same(invalid, await Assert.ThrowsAsync<InvalidContentException>(() => store.ReadIndexAsync(null, CancellationToken.None)));
        Assert.Equal(2, Calls);
    }

    [Fact]
    public async Task ACallPastItsDeadlineIsAbandonedAndRetried()
    {
        var tokens = new List<CancellationToken>();
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(
            call => HangAsync(Record(tokens, call.ArgAt<CancellationToken>(2))),
            call => Task.FromResult(Bytes));

        var bytes = await SettleAsync(Create(retries: 1, timeoutSeconds: 1).ReadVersionAsync(Slug, Version, CancellationToken.None));

        Assert.Equal(Bytes, bytes);
        Assert.Equal(2, Calls);
        Assert.True(Assert.Single(tokens).IsCancellationRequested, "the abandoned attempt's token was not cancelled");
    }

    [Fact]
    public async Task ACallThatKeepsMissingItsDeadlineEndsAfterTheRetries()
    {
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(call => HangAsync(call.ArgAt<CancellationToken>(2)));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => SettleAsync(Create(retries: 2, timeoutSeconds: 1).ReadVersionAsync(Slug, Version, CancellationToken.None)));

        Assert.Equal(1 + 2, Calls);
        Assert.Equal($"Could not read version {Version} of '{Slug}' from the content store after 3 attempt(s) within 3600 s.", error.Message);
    }

    [Fact]
    public async Task TheBudgetEndsRetryingBeforeTheRetriesRunOut()
    {
        // Five retries of 1 s attempts would take over 6 s of store time; the 2.5 s budget ends the call first, so at
        // most three attempts (starting at 0 s, after 1 s and after 2 s plus backoffs) ever begin.
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(call => HangAsync(call.ArgAt<CancellationToken>(2)));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => SettleAsync(Create(retries: 5, timeoutSeconds: 1, budgetSeconds: 2.5).ReadVersionAsync(Slug, Version, CancellationToken.None)));

        Assert.InRange(Calls, 1, 3);
        Assert.Contains("within 2.5 s", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Could not read version {Version} of '{Slug}' from the content store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallerThatGoesAwayCancelsTheCallAtOnceAndItIsCountedNotConverted()
    {
        var tokens = new List<CancellationToken>();
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(call => HangAsync(Record(tokens, call.ArgAt<CancellationToken>(2))));
        using var caller = new CancellationTokenSource();
        var read = Create().ReadVersionAsync(Slug, Version, caller.Token);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal(1, Calls);
        Assert.True(Assert.Single(tokens).IsCancellationRequested);
        Assert.Equal(1, _counters.StoreCallsCancelled);
    }

    [Fact]
    public async Task ACallerThatGoesAwayDuringABackoffIsNotRetriedOrConverted()
    {
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(Task.FromException<byte[]>(new RequestFailedException(503, "Server busy")));
        using var caller = new CancellationTokenSource();

        // The first attempt fails at once; the call then waits out its backoff on the fake clock, which never moves.
        var read = Create(retries: 5).ReadVersionAsync(Slug, Version, caller.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal(1, Calls);
        Assert.Equal(1, _counters.StoreCallsCancelled);
    }

    [Fact]
    public async Task WithoutRetriesATransientFailureIsTriedOnce()
    {
        _inner.ReadVersionAsync(Slug, Version, Arg.Any<CancellationToken>()).Returns(Task.FromException<byte[]>(new IOException("reset")));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => Create(retries: 0).ReadVersionAsync(Slug, Version, CancellationToken.None));

        Assert.Equal(1, Calls);
        Assert.Contains("after 1 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Moves the fake clock in small steps until the call ends: backoffs and deadlines lapse only when it moves.
    /// The short real pause between steps lets continuations run; it is a yield, not a measurement.
    /// </summary>
    internal static async Task<T> SettleAsync<T>(FakeTimeProvider time, Task<T> call)
    {
        for (var step = 0; step < 10_000 && !call.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(call, Task.Delay(1));
        }

        Assert.True(call.IsCompleted, "the call did not end after 500 s of fake time");
        return await call;
    }

    private Task<T> SettleAsync<T>(Task<T> call) => SettleAsync(_time, call);

    /// <summary>A store call that never answers; it ends only when its token is cancelled.</summary>
    private static async Task<byte[]> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return [];
    }

    private static CancellationToken Record(List<CancellationToken> tokens, CancellationToken token)
    {
        lock (tokens)
        {
            tokens.Add(token);
        }

        return token;
    }
}
