using System.Net;
using System.Text;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>
/// Served JSON keeps text as written: apostrophes, quotes, dashes and angle brackets are not escaped for HTML, only
/// what JSON requires. The answer is application/json with nosniff, so no browser treats it as markup.
/// </summary>
public sealed class ReadableJsonTests(ReadableJsonTests.Hosts hosts) : IClassFixture<ReadableJsonTests.Hosts>
{
    public sealed class Hosts : IDisposable
    {
        public ApiFactory App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance/versions/2?audience=patient")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/2/jsonld?audience=patient")]
    [InlineData("/api/v1/articles?audience=patient")]
    [InlineData("/api/v1/audiences")]
    public async Task TextIsServedAsWrittenWithoutHtmlEscapes(string url)
    {
        using var client = hosts.App.CreateClient();
        using var response = await client.GetAsync(url);
        var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        foreach (var escape in new[] { "\\u0027", "\\u0022", "\\u0026", "\\u003C", "\\u003E", "\\u2013", "\\u2014", "\\u2019" })
        {
            Assert.DoesNotContain(escape, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AnArticleKeepsItsApostrophes()
    {
        using var client = hosts.App.CreateClient();
        var body = await client.GetStringAsync("/api/v1/articles/insulin-resistance/versions/2?audience=patient");

        Assert.Contains("don't", body, StringComparison.Ordinal);
        Assert.Contains("body's", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProblemAnswerIsReadableToo()
    {
        using var client = hosts.App.CreateClient();
        using var response = await client.GetAsync("/api/v1/articles/insulin-resistance?audience=%3Cb%3E");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'<b>' is not an audience", body, StringComparison.Ordinal);
    }
}
