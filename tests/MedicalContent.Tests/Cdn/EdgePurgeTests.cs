using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using MedicalContent.Cli;
using MedicalContent.Http;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Cli;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Cdn;

/// <summary>
/// The whole chain on loopback: content published to a real Azurite with <c>medcontent</c>, the API reading it, a
/// Front-Door-like Varnish edge holding its answers for the default (long) shared lifetimes, and
/// <c>medcontent retract|publish --purge-varnish</c> purging that edge by surrogate key.
/// </summary>
[Integration]
[Collection(UsesAzurite.Name)]
public sealed class EdgePurgeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Version2 = "/api/v1/articles/insulin-resistance/versions/2?audience=clinician";
    private const string Version2JsonLd = "/api/v1/articles/insulin-resistance/versions/2/jsonld?audience=patient";
    private const string Latest = "/api/v1/articles/insulin-resistance?audience=clinician";

    private readonly TempContentFolder _content = new();
    private string _container = "";
    private ApiFactory _origin = null!;
    private VarnishProxy _edge = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _container = (await azurite.CreateContainerAsync()).Name;
        Assert.Equal(ExitCodes.Success, (await CliAsync("publish", _content.Path)).ExitCode);

        // The shipped HttpCaching defaults: edges would keep version URLs for a day without a purge.
        _origin = new ApiFactory(null, new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = null,
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = azurite.ConnectionString,
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = _container,
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "1",
        });
        var originPort = _origin.StartOnLoopback();
        _edge = await VarnishProxy.StartFrontDoorLikeAsync(originPort);
        _client = new HttpClient { BaseAddress = _edge.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _edge.Dispose();
        await _origin.DisposeAsync();
        _content.Dispose();
    }

    [Fact]
    public async Task RetractWithAVarnishPurgeMakesTheEdgeAnswerGoneWithinThePromise()
    {
        foreach (var url in new[] { Version2, Version2JsonLd, Latest })
        {
            await _client.GetAsync(url);
            Assert.Equal("HIT", (await _client.GetAsync(url)).Headers.GetValues("X-Cache").Single());
        }

        var clock = Stopwatch.StartNew();
        var run = await CliAsync(
            "retract", "insulin-resistance", "2", "--reason", "The dosing line was wrong.",
            "--purge-varnish", _edge.BaseAddress.ToString(), "--purge-delay", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("purged Varnish", run.Out, StringComparison.Ordinal);
        var gone = await _client.GetAsync(Version2);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await _client.GetAsync(Version2JsonLd)).StatusCode);
        Assert.Equal(1, Version(await _client.GetStringAsync(Latest)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(HttpCachingOptions.RetractionBoundSeconds), $"410 at the edge after {clock.Elapsed}");
    }

    [Fact]
    public async Task WithoutAPurgeTheEdgeKeepsServingTheRetractedVersion()
    {
        await _client.GetAsync(Version2);

        var run = await CliAsync("retract", "insulin-resistance", "2", "--reason", "The dosing line was wrong.");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("no edge purged", run.Out, StringComparison.Ordinal);
        var stale = await _client.GetAsync(Version2);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("HIT", stale.Headers.GetValues("X-Cache").Single());
    }

    [Fact]
    public async Task PublishWithAVarnishSoftPurgeMovesTheEdgesLatestLongBeforeSharedMaxAge()
    {
        Assert.Equal(2, Version(await _client.GetStringAsync(Latest)));
        BlobTestContent.AddVersion(_content, "insulin-resistance", 2, 4);

        var run = await CliAsync("publish", _content.Path, "--purge-varnish", _edge.BaseAddress.ToString(), "--purge-delay", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        // Soft-purged: the edge may answer once from grace (stale-while-revalidate) while it re-fetches.
        var version = Version(await _client.GetStringAsync(Latest));
        for (var attempt = 0; attempt < 20 && version != 4; attempt++)
        {
            await Task.Delay(250);
            version = Version(await _client.GetStringAsync(Latest));
        }

        Assert.Equal(4, version);
    }

    [Fact]
    public async Task AnUnreachableEdgeLeavesTheRetractionWrittenAndExitsFour()
    {
        var nobody = new Uri($"http://127.0.0.1:{Ports.Free()}/");

        var run = await CliAsync("retract", "insulin-resistance", "2", "--reason", "wrong", "--purge-varnish", nobody.ToString(), "--purge-delay", "0");

        Assert.Equal(ExitCodes.PurgeFailed, run.ExitCode);
        Assert.Contains($"the retraction of version 2 of 'insulin-resistance' is written, but purging Varnish {nobody} failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("curl -X PURGE -H 'xkey: article:insulin-resistance:v2'", run.Error, StringComparison.Ordinal);
        var container = azurite.Service.GetBlobContainerClient(_container);
        var entry = (await BlobTestContent.IndexAsync(container)).Articles.Single(a => a.Slug == "insulin-resistance").Versions.Single(v => v.Number == 2);
        Assert.NotNull(entry.Retraction);
    }

    private Task<CliRun> CliAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--connection-string", azurite.ConnectionString, "--container", _container]);

    private static int Version(string json) => JsonNode.Parse(json)!["version"]!.GetValue<int>();
}
