using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using MedicalContent.Delivery;

namespace MedicalContent.Cli;

/// <summary>One CDN edge that can drop what a change made stale.</summary>
internal interface IEdgePurger
{
    /// <summary>The edge, for messages.</summary>
    string Name { get; }

    /// <summary>What was done, for the output.</summary>
    /// <exception cref="EdgePurgeException">The edge refused or could not be reached.</exception>
    Task<string> PurgeAsync(PurgeSet set, CancellationToken cancellationToken);

    /// <summary>How an operator purges the same by hand.</summary>
    string ManualCommand(PurgeSet set);
}

internal sealed class EdgePurgeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A Varnish edge whose VCL imports xkey: <c>PURGE</c> with <c>xkey: k1 k2</c> removes the objects tagged with any
/// of the keys, <c>xkey-softpurge</c> marks them stale so they are revalidated (the API's Surrogate-Key values).
/// </summary>
internal sealed class VarnishPurger(HttpClient http, Uri url) : IEdgePurger
{
    public const string HardHeader = "xkey";
    public const string SoftHeader = "xkey-softpurge";

    public string Name => $"Varnish {url}";

    public async Task<string> PurgeAsync(PurgeSet set, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        if (set.HardKeys.Count > 0)
        {
            done.Add(await SendAsync(HardHeader, set.HardKeys, cancellationToken).ConfigureAwait(false));
        }

        if (set.SoftKeys.Count > 0)
        {
            done.Add(await SendAsync(SoftHeader, set.SoftKeys, cancellationToken).ConfigureAwait(false));
        }

        return string.Join("; ", done);
    }

    public string ManualCommand(PurgeSet set) =>
        string.Join(" && ", new[] { (HardHeader, set.HardKeys), (SoftHeader, set.SoftKeys) }
            .Where(p => p.Item2.Count > 0)
            .Select(p => $"curl -X PURGE -H '{p.Item1}: {string.Join(' ', p.Item2)}' {url}"));

    private async Task<string> SendAsync(string header, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod("PURGE"), url);
        request.Headers.TryAddWithoutValidation(header, string.Join(' ', keys));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new EdgePurgeException($"{Name} answered {(int)response.StatusCode} {response.ReasonPhrase} to PURGE with {header}: {string.Join(' ', keys)}");
            }

            var kind = header == HardHeader ? "removed" : "marked stale";
            return $"{kind} {string.Join(' ', keys)} ({response.ReasonPhrase})";
        }
        catch (HttpRequestException e)
        {
            throw new EdgePurgeException($"could not reach {Name}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdgePurgeException($"{Name} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }
}

/// <summary>
/// An Azure Front Door (Standard/Premium) endpoint, purged by path through Azure Resource Manager
/// (AFDEndpoints_PurgeContent) with the caller's Entra ID token. Front Door's purge ignores the query string and case,
/// so one path covers every audience; it completes asynchronously at the edges (ARM answers 202).
/// </summary>
internal sealed class FrontDoorPurger(HttpClient http, Uri arm, string endpointId, TokenCredential credential) : IEdgePurger
{
    /// <summary>The stable AFD REST API version that documents afdEndpoints/purge (learn.microsoft.com, AFD Endpoints - Purge Content).</summary>
    public const string ApiVersion = "2023-05-01";

    public string Name => $"Front Door endpoint {endpointId}";

    public Uri RequestUri => new(arm, $"{endpointId.TrimEnd('/')}/purge?api-version={ApiVersion}");

    public async Task<string> PurgeAsync(PurgeSet set, CancellationToken cancellationToken)
    {
        if (set.Paths.Count == 0)
        {
            return "nothing to purge";
        }

        AccessToken token;
        try
        {
            token = await credential.GetTokenAsync(new TokenRequestContext([new Uri(arm, "/.default").ToString()]), cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException e)
        {
            // CredentialUnavailableException (no identity at all) is one of these too.
            throw new EdgePurgeException($"could not sign in to Azure Resource Manager ({arm}) with DefaultAzureCredential to purge {Name}: {FirstLine(e.Message)}", e);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, RequestUri)
        {
            Content = new ByteArrayContent(Body(set.Paths)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new EdgePurgeException($"Azure Resource Manager answered {(int)response.StatusCode} {response.ReasonPhrase} to the purge of {Name}{ArmError(detail)}");
            }

            var operation = response.Headers.TryGetValues("Azure-AsyncOperation", out var values) ? $"; operation {values.First()}" : "";
            return string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} accepted the purge of {set.Paths.Count} path(s); edges drop them within minutes{operation}");
        }
        catch (HttpRequestException e)
        {
            throw new EdgePurgeException($"could not reach Azure Resource Manager ({arm}) to purge {Name}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdgePurgeException($"Azure Resource Manager did not answer within {http.Timeout.TotalSeconds:0} s to the purge of {Name}", e);
        }
    }

    public string ManualCommand(PurgeSet set) => $"az afd endpoint purge --ids {endpointId} --content-paths {string.Join(' ', set.Paths)}";

    private static byte[] Body(IReadOnlyList<string> paths)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("contentPaths");
            foreach (var path in paths)
            {
                json.WriteStringValue(path);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>ARM errors are <c>{"error":{"code":"...","message":"..."}}</c>; anything else is left out.</summary>
    private static string ArmError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                return $": {code} {FirstLine(message ?? "")}".TrimEnd();
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}

/// <summary>Purges every edge after a change was written; a failure never undoes the change, it gets exit code 4.</summary>
internal static class EdgePurge
{
    public static async Task<int> RunAsync(
        CliContext context, IReadOnlyList<IEdgePurger> edges, PurgeSet set, TimeSpan delay, string change, CancellationToken cancellationToken)
    {
        if (edges.Count == 0 || set.IsEmpty)
        {
            return ExitCodes.Success;
        }

        if (delay > TimeSpan.Zero)
        {
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"waiting {delay.TotalSeconds:0} s for the API to re-read the index before purging {edges.Count} edge(s)")).ConfigureAwait(false);
            await Task.Delay(delay, context.Time, cancellationToken).ConfigureAwait(false);
        }

        var failed = new StringBuilder();
        foreach (var edge in edges)
        {
            try
            {
                var done = await edge.PurgeAsync(set, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"purged {edge.Name}: {done}").ConfigureAwait(false);
            }
            catch (EdgePurgeException e)
            {
                failed.AppendLine($"error: {change} is written, but purging {edge.Name} failed: {e.Message}");
                failed.AppendLine($"  until it is purged that edge may keep serving what {change} replaced (up to its s-maxage). Purge it by hand:");
                failed.AppendLine($"  {edge.ManualCommand(set)}");
            }
        }

        if (failed.Length == 0)
        {
            return ExitCodes.Success;
        }

        await context.Error.WriteAsync(failed.ToString()).ConfigureAwait(false);
        return ExitCodes.PurgeFailed;
    }
}
