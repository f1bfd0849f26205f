using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>The two stores serve the same bytes, validators and caching headers for every URL.</summary>
[Integration]
public sealed class StoresAgree(BlobStoreApi blob) : IClassFixture<BlobStoreApi>, IDisposable
{
    private readonly ApiFactory _file = new();

    public void Dispose() => _file.Dispose();

    [Theory]
    [InlineData("/api/v1/audiences")]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/articles?audience=clinician&limit=2")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=patient")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/1?audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/3")]
    [InlineData("/api/v1/articles/metformin/jsonld?audience=patient")]
    [InlineData("/api/v1/articles/prediabetes/versions/2?audience=patient")]
    [InlineData("/api/v1/articles/no-such-article")]
    public async Task BothStoresAnswerEveryUrlIdentically(string url)
    {
        var fromFile = await _file.CreateClient().GetAsync(url);
        var fromBlob = await blob.CreateClient().GetAsync(url);

        Assert.Equal(fromFile.StatusCode, fromBlob.StatusCode);
        Assert.Equal(fromFile.Headers.ETag, fromBlob.Headers.ETag);
        Assert.Equal(fromFile.Headers.CacheControl, fromBlob.Headers.CacheControl);
        Assert.Equal(fromFile.Content.Headers.LastModified, fromBlob.Content.Headers.LastModified);
        if ((int)fromFile.StatusCode < 400)
        {
            Assert.Equal(await fromFile.Content.ReadAsByteArrayAsync(), await fromBlob.Content.ReadAsByteArrayAsync());
        }
    }
}
