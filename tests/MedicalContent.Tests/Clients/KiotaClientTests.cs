using System.Security.Cryptography;
using System.Text;
using MedicalContent.Tests.Support;
using Xunit.Abstractions;

namespace MedicalContent.Tests.Clients;

/// <summary>
/// A C# client generated as a partner would generate it: Kiota (the version pinned in .config/dotnet-tools.json) reads
/// the document the running API serves, the program in tests/clients/csharp compiles against the generated code and
/// reads the API with it (docs/clients.md). The generated code is never committed: it goes to the git-ignored
/// tests/clients/csharp/Generated/.
/// </summary>
[Integration]
public sealed class KiotaClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Project = Path.Combine(RepoPaths.Root, "tests", "clients", "csharp");

    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private readonly ApiFactory _api = new();

    private readonly string _document = Path.Combine(Path.GetTempPath(), "mc-kiota-openapi-" + Guid.NewGuid().ToString("N") + ".json");

    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _baseUrl = $"http://127.0.0.1:{_api.StartOnLoopback()}";
        using var http = new HttpClient();
        await File.WriteAllBytesAsync(_document, await http.GetByteArrayAsync(_baseUrl + "/api/openapi/v1.json"));
    }

    public async Task DisposeAsync()
    {
        File.Delete(_document);
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task TheGeneratedClientReadsBothAudiencesAVersionTheIndexTheFeedA304AndProblems()
    {
        DotnetCli.Result run;

        // Generated/, bin/ and obj/ are shared by every run in this checkout: one generate-build-run at a time.
        var lockName = "mc-kiota-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Project)))[..16] + ".lock";
        await using (await FileGate.AcquireAsync(Path.Combine(Path.GetTempPath(), lockName), TimeSpan.FromMinutes(20)))
        {
            await DotnetCli.RunCheckedAsync(RepoPaths.Root, StepTimeout, "tool", "restore");
            var generate = await DotnetCli.RunCheckedAsync(Project, StepTimeout,
                "kiota", "generate", "--language", "CSharp", "--openapi", _document,
                "--class-name", "MedicalContentClient", "--namespace-name", "MedicalContent.Client",
                "--output", "Generated", "--exclude-backward-compatible", "--clean-output");
            var build = await DotnetCli.RunCheckedAsync(Project, StepTimeout, "build", "--nologo");
            run = await DotnetCli.RunAsync(Project, StepTimeout, "run", "--no-build", "--", _baseUrl);
            output.WriteLine($"kiota generate {generate.Elapsed.TotalSeconds:0.0} s, dotnet build {build.Elapsed.TotalSeconds:0.0} s, the program {run.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine(run.Output);
        }

        Assert.True(run.ExitCode == 0, $"The Kiota client program failed ({run.ExitCode}):{Environment.NewLine}{run.Output}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["latest, patient", "latest, clinician", "version", "index, limit 2", "index, next page", "change feed",
             "304 on If-None-Match", "400 as a problem", "404 as a problem"],
            lines.Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..].Trim().Split(':')[0]));
        Assert.Equal("all steps passed", lines[^1]);

        // What the API itself answered: the conditional repeat got a real 304, the problems their statuses.
        var requests = _api.Requests.Entries;
        Assert.Contains(requests, r => r.PathAndQuery == "/api/v1/articles/insulin-resistance?audience=patient" && r.IfNoneMatch is not null && r.Status == 304);
        Assert.Contains(requests, r => r.PathAndQuery == "/api/v1/articles?limit=0" && r.Status == 400);
        Assert.Contains(requests, r => r.PathAndQuery == "/api/v1/articles/no-such-article" && r.Status == 404);
    }
}
