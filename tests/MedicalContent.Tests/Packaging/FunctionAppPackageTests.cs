using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// Proves the deployment package, not the code: the zip from eng/package.sh, unpacked, started as the Functions
/// host starts a custom handler (host.json's executable, arguments and working directory; FUNCTIONS_CUSTOMHANDLER_PORT).
/// </summary>
public sealed class FunctionAppPackageTests(FunctionAppPackage package) : IClassFixture<FunctionAppPackage>, IAsyncLifetime
{
    private static readonly string[] SocketTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    private ServerProcess? _handler;
    private HttpClient _client = new();
    private int _port;

    public async Task InitializeAsync()
    {
        // In Azure the package reads blob storage; here the same binary reads the repository's content folder.
        var settings = new Dictionary<string, string>
        {
            ["ContentStore__Kind"] = "FileSystem",
            ["ContentStore__Path"] = RepoPaths.ContentJson,
        };
        (_handler, _port) = await package.StartHandlerAsync(settings);
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}") };
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _handler?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void TheZipStoresTheHandlerExecutableWithItsExecutableBit()
    {
        var executable = package.HostJson().GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

        Assert.True(package.Modes.TryGetValue(executable, out var mode), $"the zip has no entry '{executable}' (host.json defaultExecutablePath)");
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"'{executable}' is stored as {mode} in the zip: the host could not execute it");
        Assert.True(mode.HasFlag(UnixFileMode.UserRead));
    }

    [Fact]
    public void ThePackageHoldsHostJsonAndEveryFunctionDefinitionAtItsRoot()
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllBytes(Path.Combine(package.Root, "host.json")));

        var source = FunctionDefinition.LoadAll(FunctionDefinitionTests.FunctionsFolder);
        var packaged = FunctionDefinition.LoadAll(package.Root);
        Assert.Equal(source.Select(f => f.Name), packaged.Select(f => f.Name));
        Assert.All(source.Zip(packaged), pair => Assert.Equal(File.ReadAllBytes(pair.First.File), File.ReadAllBytes(pair.Second.File)));
        Assert.False(Directory.Exists(Path.Combine(package.Root, "app", "functions")), "function definitions belong at the package root only");
    }

    [Fact]
    public void PackagedHostJsonProxiesHttpToTheHandlerWithoutARoutePrefix()
    {
        var host = package.HostJson();
        var launch = CustomHandlerLaunch.FromHostJson(host, package.Root);

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.True(host.GetProperty("customHandler").GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.True(File.Exists(launch.ExecutablePath), $"host.json's executable resolves to {launch.ExecutablePath}, which is not in the package");
        Assert.StartsWith(package.Root, launch.ExecutablePath, StringComparison.Ordinal);
        Assert.True(Directory.Exists(launch.WorkingDirectory), $"host.json's working directory resolves to {launch.WorkingDirectory}, which is not in the package");
    }

    [Theory]
    [InlineData("patient", true)]
    [InlineData("clinician", false)]
    public async Task ThePackagedHandlerServesTheLatestArticleForEachAudience(string audience, bool isDefault)
    {
        using var response = await _client.GetAsync($"/api/v1/articles/insulin-resistance?audience={audience}");
        var body = await response.JsonAsync();

        Assert.Equal("insulin-resistance", body.GetProperty("slug").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(audience, body.GetProperty("audience").GetString());
        Assert.Equal(isDefault, body.GetProperty("isDefaultAudience").GetBoolean());
        Assert.False(response.Headers.ETag?.IsWeak ?? true, "a strong ETag is expected");
    }

    [Fact]
    public async Task ThePackagedHandlerAnswersHeadWithTheHeadersOfGet()
    {
        using var get = await _client.GetAsync("/api/v1/articles/insulin-resistance?audience=patient");
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/articles/insulin-resistance?audience=patient"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ThePackagedHandlerReportsHealthy()
    {
        using var response = await _client.GetAsync("/api/health");
        var body = await response.JsonAsync();

        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ThePackagedHandlerAnswersAnUnknownArticleWithAProblem()
    {
        using var response = await _client.GetAsync("/api/v1/articles/no-such-article?audience=patient");
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.EndsWith("/not-found", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePackagedHandlerListensOnLoopbackOnly()
    {
        var listening = ListeningAddresses(_port);
        Assert.Equal(new[] { IPAddress.Loopback }, listening);

        foreach (var address in OtherLocalAddresses())
        {
            using var client = new TcpClient(address.AddressFamily);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Assert.ThrowsAnyAsync<Exception>(async () => await client.ConnectAsync(address, _port, timeout.Token));
        }
    }

    /// <summary>Local addresses of LISTEN sockets on <paramref name="port"/>, from the kernel's socket tables.</summary>
    private static List<IPAddress> ListeningAddresses(int port)
    {
        var addresses = new List<IPAddress>();
        foreach (var table in SocketTables.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = columns[1].Split(':');
                if (columns[3] == "0A" && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    addresses.Add(KernelAddress(local[0]));
                }
            }
        }

        return addresses;
    }

    /// <summary>/proc/net/tcp{,6} print each 32-bit word of the address in host (little-endian) order.</summary>
    private static IPAddress KernelAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static IEnumerable<IPAddress> OtherLocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !a.Equals(IPAddress.Loopback) && !a.IsIPv6LinkLocal)
            .Append(IPAddress.IPv6Loopback)
            .Distinct();
}
