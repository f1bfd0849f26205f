using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MedicalContent.Tests.Support;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 9457 problem response and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var body = problem.GetRawText();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
