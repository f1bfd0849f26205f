using System.Text.Json.Nodes;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;

namespace MedicalContent.Tests.Api;

/// <summary>
/// A version URL is cached for a long time by every cache: its bytes (and strong ETag) depend only on the published
/// version, never on the mutable audience vocabulary or on the instance's configuration.
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
