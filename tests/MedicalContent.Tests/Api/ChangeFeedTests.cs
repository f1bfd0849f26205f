using System.Net;
using System.Text.Json;
using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Api;

/// <summary>A syndication partner's view: replaying the change feed reproduces exactly the set of latest versions.</summary>
[Integration]
public sealed class ChangeFeedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>Applies every event from the cursor on, page by page, the way a partner would.</summary>
    private sealed class Partner
    {
        public Dictionary<string, int> Latest { get; } = new(StringComparer.Ordinal);

        public HashSet<(string, int)> Retracted { get; } = [];

        public string? Cursor { get; private set; }

        public int Events { get; private set; }

        public async Task SyncAsync(HttpClient client)
        {
            for (var pages = 0; pages < 100; pages++)
            {
                var url = Cursor is null ? "/api/v1/changes?limit=3" : $"/api/v1/changes?limit=3&since={Cursor}";
                var page = await (await client.GetAsync(url)).JsonAsync();
                foreach (var change in page.GetProperty("events").EnumerateArray())
                {
                    Events++;
                    var slug = change.GetProperty("slug").GetString()!;
                    switch (change.GetProperty("type").GetString())
                    {
                        case "latest-changed" when change.GetProperty("version").ValueKind == JsonValueKind.Null:
                            Latest.Remove(slug);
                            break;
                        case "latest-changed":
                            Latest[slug] = change.GetProperty("version").GetInt32();
                            break;
                        case "version-retracted":
                            Retracted.Add((slug, change.GetProperty("version").GetInt32()));
                            Assert.False(string.IsNullOrWhiteSpace(change.GetProperty("reason").GetString()));
                            break;
                    }
                }

                Cursor = page.GetProperty("cursor").GetString();
                if (!page.GetProperty("hasMore").GetBoolean())
                {
                    return;
                }
            }

            Assert.Fail("The feed never ended.");
        }
    }

    private static async Task<Dictionary<string, int>> ServedLatestAsync(HttpClient client)
    {
        var index = await (await client.GetAsync("/api/v1/articles?limit=100")).JsonAsync();
        return index.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("slug").GetString()!, i => i.GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task ReplayingTheFeedOfTheContentFolderGivesTheServedLatestVersions()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        var partner = new Partner();

        await partner.SyncAsync(client);

        Assert.Equal(await ServedLatestAsync(client), partner.Latest);
    }

    [Fact]
    public async Task APartnerFollowingPublishesAndRetractionsEndsWithExactlyTheServedLatestVersions()
    {
        using var folder = new TempContentFolder();
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        using var api = new ApiFactory(null, new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = azurite.ConnectionString,
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = container.Name,
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "0",
        });
        var client = api.CreateClient();
        var partner = new Partner();
        await partner.SyncAsync(client);
        Assert.Equal(await ServedLatestAsync(client), partner.Latest);

        // Retract the latest insulin-resistance (latest falls back to v1), publish a new article and a new
        // approved metformin version, then retract that too.
        await new Retractor(container, TimeProvider.System).RetractAsync("insulin-resistance", 2, "A dose in the drug-label section was wrong.", CancellationToken.None);
        BlobTestContent.AddArticle(folder, "gestational-diabetes");
        BlobTestContent.AddVersion(folder, "metformin", 2, 3);
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        await new Retractor(container, TimeProvider.System).RetractAsync("metformin", 3, "Published by mistake.", CancellationToken.None);

        await partner.SyncAsync(client);

        var served = await ServedLatestAsync(client);
        Assert.Equal(served, partner.Latest);
        Assert.Equal(1, partner.Latest["insulin-resistance"]);
        Assert.Equal(2, partner.Latest["metformin"]);
        Assert.Equal(1, partner.Latest["gestational-diabetes"]);
        Assert.Contains(("insulin-resistance", 2), partner.Retracted);
        Assert.Contains(("metformin", 3), partner.Retracted);

        // A partner starting from scratch arrives at the same place.
        var newcomer = new Partner();
        await newcomer.SyncAsync(client);
        Assert.Equal(served, newcomer.Latest);
    }

    [Fact]
    public async Task UnapprovedVersionsNeverAppearInTheFeed()
    {
        using var api = new ApiFactory();
        var page = await (await api.CreateClient().GetAsync("/api/v1/changes?limit=500")).JsonAsync();

        Assert.DoesNotContain(page.GetProperty("events").EnumerateArray(), e => e.GetProperty("slug").GetString() == "insulin-resistance" && e.GetProperty("version").ValueKind == JsonValueKind.Number && e.GetProperty("version").GetInt32() == 3);
    }

    [Fact]
    public async Task AnEmptyPageStillGivesTheCursorAndAnUnchangedFeedAnswersNotModified()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        var all = await (await client.GetAsync("/api/v1/changes?limit=500")).JsonAsync();
        var cursor = all.GetProperty("cursor").GetString();

        var empty = await client.GetAsync($"/api/v1/changes?since={cursor}");
        var body = await empty.JsonAsync();
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/changes?since={cursor}");
        again.Headers.TryAddWithoutValidation("If-None-Match", empty.Headers.ETag!.Tag);

        Assert.Equal(0, body.GetProperty("events").GetArrayLength());
        Assert.Equal(cursor, body.GetProperty("cursor").GetString());
        Assert.False(body.GetProperty("hasMore").GetBoolean());
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/changes?since=garbage", "since")]
    [InlineData("/api/v1/changes?since=ZmVlZDo5OTk5", "since")]
    [InlineData("/api/v1/changes?limit=0", "limit")]
    [InlineData("/api/v1/changes?limit=501", "limit")]
    public async Task ABadCursorOrLimitIsABadRequest(string url, string parameter)
    {
        using var api = new ApiFactory();

        var problem = await (await api.CreateClient().GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }
}
