using System.Text.Json.Nodes;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Api;

/// <summary>
/// A version URL is cached for a long time by every cache: its bytes (and strong ETag) depend only on the published
/// version, never on the mutable audience vocabulary, the instance's configuration or the clock.
/// </summary>
public sealed class ImmutableVersionBytesTests : IDisposable
{
    private readonly TempContentFolder _content = new();

    public void Dispose() => _content.Dispose();

    [Fact]
    public async Task RelabellingTheAudiencePickerChangesNoVersionUrlsBytesOrETag()
    {
        using var api = new ApiFactory(_content.Path, new Dictionary<string, string?> { [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "1" });
        using var client = api.CreateClient();
        var urls = VersionUrls.Of(_content.Path)
            .Concat(ContentFolder.Load(_content.Path).Versions.Select(v => v.Document.Slug).Distinct()
                .SelectMany(slug => new[] { RouteTable.LatestUrl(slug, "patient"), RouteTable.LatestUrl(slug, "clinician") }))
            .ToList();
        var before = await VersionUrls.FetchAsync(client, urls);

        var vocabulary = JsonNode.Parse(_content.Read(ContentFolder.AudiencesFile))!;
        vocabulary["prompt"] = "Who are you reading for?";
        vocabulary["hint"] = "Choose one; you can change it later.";
        var audiences = vocabulary["audiences"]!.AsArray();
        foreach (var audience in audiences)
        {
            audience!["label"] = "Relabelled " + audience["id"]!.GetValue<string>();
            audience["description"] = "Reworded description.";
        }

        // The vocabulary's order is its own: reversing it reorders nothing in a version.
        vocabulary["audiences"] = new JsonArray(audiences.Reverse().Select(a => a!.DeepClone()).ToArray());
        _content.Write(ContentFolder.AudiencesFile, vocabulary.ToJsonString());
        await WaitForPromptAsync(client, "Who are you reading for?");

        VersionUrls.AssertUnchanged(before, await VersionUrls.FetchAsync(client, urls));
    }

    [Fact]
    public async Task SyndicationSettingsInConfigurationChangeNoVersionUrlsBytes()
    {
        var urls = VersionUrls.Of(_content.Path);
        using var plain = new ApiFactory(_content.Path, null);
        using var configured = new ApiFactory(_content.Path, new Dictionary<string, string?>
        {
            ["Syndication:Publisher"] = "Partner Health",
            ["Syndication:License"] = "All rights reserved",
            ["Syndication:CanonicalBaseUrl"] = "https://health.partner.example/library/",
        });

        var expected = await VersionUrls.FetchAsync(plain.CreateClient(), urls);

        VersionUrls.AssertUnchanged(expected, await VersionUrls.FetchAsync(configured.CreateClient(), urls));
    }

    [Fact]
    public async Task MovingTheClockAcrossReviewTransitionsChangesNoVersionUrlsBytesOrETagButTheLatests()
    {
        // Due 2026-07-01 (version 1) and 2026-09-30 (version 2, latest): their due-soon and overdue days pass below.
        using var content = Documents.Folder(
            Documents.Reviewed("review-cycle", 1, "2026-01-10", "2026-07-01"),
            Documents.Reviewed("review-cycle", 2, "2026-04-01", "2026-09-30"),
            Documents.Reviewed("companion", 1, "2025-11-03", "2026-08-15").WithRelated(["review-cycle"], ("What is it?", "review-cycle")));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        using var api = new ApiFactory(content.Path, null);
        using var clocked = ClockedApi.Create(api, clock);
        using var client = clocked.CreateClient();
        var versions = VersionUrls.Of(content.Path);
        string[] latest = [RouteTable.LatestUrl("review-cycle", "patient"), RouteTable.LatestUrl("companion", "clinician")];

        var before = await VersionUrls.FetchAsync(client, versions);
        var latestBefore = await VersionUrls.FetchAsync(client, latest);
        foreach (var day in new[] { "2026-06-01", "2026-07-02", "2026-07-16", "2026-08-16", "2026-08-31", "2026-10-01", "2030-01-01" })
        {
            clock.SetUtcNow(DateTimeOffset.Parse(day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            VersionUrls.AssertUnchanged(before, await VersionUrls.FetchAsync(client, versions));
        }

        var latestAfter = await VersionUrls.FetchAsync(client, latest);
        Assert.All(latest, url => Assert.NotEqual(latestBefore[url].ETag, latestAfter[url].ETag));
    }

    private static async Task WaitForPromptAsync(HttpClient client, string prompt)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await (await client.GetAsync("/api/v1/audiences")).JsonAsync()).GetProperty("prompt").GetString() != prompt)
        {
            Assert.True(DateTime.UtcNow < deadline, "the index was not re-read within 10 s of the vocabulary change");
            await Task.Delay(100);
        }
    }
}
