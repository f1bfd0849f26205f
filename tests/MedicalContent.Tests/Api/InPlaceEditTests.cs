using System.Net;
using System.Net.Http.Headers;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;

namespace MedicalContent.Tests.Api;

/// <summary>
/// The file store with an editor's working copy: a published version file edited in place is served as its new
/// bytes (with a new ETag) as soon as the index has been re-checked, never as the rendition of the old bytes.
/// </summary>
public sealed class InPlaceEditTests : IDisposable
{
    private const string Before = "It is a warning sign";
    private const string After = "It is an early warning sign";
    private static readonly string[] Urls = [RouteTable.VersionUrl("prediabetes", 2, "patient"), RouteTable.LatestUrl("prediabetes", "patient")];

    private readonly TempContentFolder _content = new();

    public void Dispose() => _content.Dispose();

    [Fact]
    public async Task AVersionFileEditedInPlaceIsServedAsTheNewTextWithANewETag()
    {
        using var api = new ApiFactory(_content.Path, new Dictionary<string, string?> { [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "1" });
        using var client = api.CreateClient();
        var before = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var url in Urls)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(Before, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            before[url] = response.Headers.ETag!;
        }

        var file = "articles/prediabetes/v2.json";
        _content.Write(file, _content.Read(file).Replace(Before, After, StringComparison.Ordinal));

        foreach (var url in Urls)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.IfNoneMatch.Add(before[url]);
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotModified, $"{url} answered {(int)response.StatusCode} during an in-place edit");
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains(After, StringComparison.Ordinal))
                {
                    Assert.NotEqual(before[url], response.Headers.ETag);
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{url} still served the old text 10 s after the edit");
                await Task.Delay(100);
            }
        }
    }
}
