using System.Net.Sockets;
using Azure;
using MedicalContent.Storage;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;

namespace MedicalContent.Tests.Storage;

/// <summary>The shared retry shape: which failures are transient, and the index updater's retry of lost races.</summary>
public sealed class StoreResilienceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(0, true)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(412, false)]
    public void AzureStatusesAreTransientOnlyWhenTheStoreSaysTryAgainOrDidNotAnswer(int status, bool transient) =>
        Assert.Equal(transient, StoreResilience.IsTransient(new RequestFailedException(status, $"status {status}")));

    [Fact]
    public void NetworkErrorsAndLapsedDeadlinesAreTransientAnswersAndCancellationAreNot()
    {
        Assert.True(StoreResilience.IsTransient(new IOException("reset")));
        Assert.True(StoreResilience.IsTransient(new HttpRequestException("no route")));
        Assert.True(StoreResilience.IsTransient(new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(StoreResilience.IsTransient(new TimeoutRejectedException()));

        Assert.False(StoreResilience.IsTransient(new ContentNotFoundException("not there")));
        Assert.False(StoreResilience.IsTransient(new InvalidContentException([])));
        Assert.False(StoreResilience.IsTransient(new StoreUnavailableException("nothing published")));
        Assert.False(StoreResilience.IsTransient(new OperationCanceledException()));
        Assert.False(StoreResilience.IsTransient(new InvalidOperationException()));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(409)]
    public async Task IndexUpdatesRetryALostRaceUpToTheAttemptLimit(int status)
    {
        var pipeline = StoreResilience.ForIndexUpdates(4, _time);
        var attempts = 0;

        var run = pipeline.ExecuteAsync<int>(_ => { attempts++; throw new RequestFailedException(status, "lost the race"); }).AsTask();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => ResilientContentStoreTests.SettleAsync(_time, run));
        Assert.Equal(status, error.Status);
        Assert.Equal(4, attempts);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(403)]
    public async Task IndexUpdatesRetryNothingButLostRaces(int status)
    {
        var pipeline = StoreResilience.ForIndexUpdates(4, _time);
        var attempts = 0;

        await Assert.ThrowsAsync<RequestFailedException>(() => pipeline.ExecuteAsync<int>(_ => { attempts++; throw new RequestFailedException(status, "failed"); }).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task IndexUpdatesWithOneAttemptNeverRetry()
    {
        var pipeline = StoreResilience.ForIndexUpdates(1, _time);
        var attempts = 0;

        await Assert.ThrowsAsync<RequestFailedException>(() => pipeline.ExecuteAsync<int>(_ => { attempts++; throw new RequestFailedException(412, "lost the race"); }).AsTask());

        Assert.Equal(1, attempts);
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreResilience.ForIndexUpdates(0, _time));
    }
}
