using System.Net;
using System.Text.Json;
using Azure.Core;
using MedicalContent.Cli;
using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MedicalContent.Tests.Cli;

/// <summary>
/// <c>medcontent retract|publish --purge-front-door</c> against a loopback server standing in for Azure Resource
/// Manager, with a substitute credential in place of the developer's sign-in.
/// </summary>
[Integration]
[Collection(UsesAzurite.Name)]
public sealed class FrontDoorPurgeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Endpoint = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-content/providers/Microsoft.Cdn/profiles/afd-content/afdEndpoints/api";

    private readonly List<Call> _calls = [];
    private WebApplication _arm = null!;
    private Uri _armUrl = null!;
    private int _status = StatusCodes.Status202Accepted;
    private string _answer = "";

    public async Task InitializeAsync()
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
        _arm = builder.Build();
        _arm.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (_calls)
            {
                _calls.Add(new Call(context.Request.Method, context.Request.Path, context.Request.Query["api-version"].ToString(), context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body));
            }

            context.Response.StatusCode = _status;
            await context.Response.WriteAsync(_answer);
        });
        await _arm.StartAsync();
        _armUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync() => await _arm.DisposeAsync();

    [Fact]
    public async Task RetractPurgesEveryPathOfTheArticleOnTheEndpointWithTheCallersToken()
    {
        var container = await PublishedAsync();
        var credential = Credential("token-for-arm");

        var run = await RetractAsync(container, credential);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var call = Assert.Single(_calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal(Endpoint + "/purge", call.Path);
        Assert.Equal("2023-05-01", call.ApiVersion);
        Assert.Equal("Bearer token-for-arm", call.Authorization);
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);
        var paths = JsonDocument.Parse(call.Body).RootElement.GetProperty("contentPaths").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(
            [
                "/api/v1/articles/prediabetes/versions/2", "/api/v1/articles/prediabetes/versions/2/jsonld",
                "/api/v1/articles/prediabetes", "/api/v1/articles/prediabetes/jsonld", "/api/v1/articles/prediabetes/versions",
                "/api/v1/articles", "/api/v1/changes", "/api/v1/search", "/api/v1/infobutton",
            ],
            paths);
#pragma warning disable CA2012 // NSubstitute checks the call; the ValueTask is never awaited here.
        _ = credential.Received().GetTokenAsync(
            Arg.Is<TokenRequestContext>(c => c.Scopes.SequenceEqual(new[] { _armUrl + ".default" })), Arg.Any<CancellationToken>());
#pragma warning restore CA2012
    }

    [Fact]
    public async Task AnArmRefusalLeavesTheRetractionWrittenAndExitsFourWithTheReason()
    {
        var container = await PublishedAsync();
        _status = StatusCodes.Status403Forbidden;
        _answer = """{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization to perform action 'Microsoft.Cdn/profiles/afdEndpoints/purge/action'."}}""";

        var run = await RetractAsync(container, Credential("token"));

        Assert.Equal(ExitCodes.PurgeFailed, run.ExitCode);
        Assert.Contains("is written, but purging Front Door endpoint", run.Error, StringComparison.Ordinal);
        Assert.Contains("403", run.Error, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed", run.Error, StringComparison.Ordinal);
        Assert.Contains($"az afd endpoint purge --ids {Endpoint} --content-paths /api/v1/articles/prediabetes/versions/2", run.Error, StringComparison.Ordinal);
        var entry = (await BlobTestContent.IndexAsync(container)).Articles.Single(a => a.Slug == "prediabetes").Versions.Single(v => v.Number == 2);
        Assert.NotNull(entry.Retraction);
    }

    [Fact]
    public async Task NoAzureSignInIsAPurgeFailureNotAStoreFailure()
    {
        var container = await PublishedAsync();
        var credential = Substitute.For<TokenCredential>();
#pragma warning disable CA2012 // NSubstitute configures the call; the ValueTask is never awaited here.
        credential.GetTokenAsync(Arg.Any<TokenRequestContext>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new Azure.Identity.CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token."));
#pragma warning restore CA2012

        var run = await RetractAsync(container, credential);

        Assert.Equal(ExitCodes.PurgeFailed, run.ExitCode);
        Assert.Contains("could not sign in to Azure Resource Manager", run.Error, StringComparison.Ordinal);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task PublishPurgesTheLatestUrlsOfTheArticlesItChanged()
    {
        var container = await azurite.CreateContainerAsync();
        using var content = new TempContentFolder();
        await new Publisher(container).PublishAsync(content.Path, null, CancellationToken.None);
        BlobTestContent.AddVersion(content, "metformin", 2, 3);

        var run = await CliRunner.RunAsync(null, Credential("t"),
            "publish", content.Path, "--connection-string", azurite.ConnectionString, "--container", container.Name,
            "--purge-front-door", Endpoint, "--arm-url", _armUrl.ToString(), "--purge-delay", "0");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var paths = JsonDocument.Parse(Assert.Single(_calls).Body).RootElement.GetProperty("contentPaths").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["/api/v1/articles/metformin", "/api/v1/articles/metformin/jsonld", "/api/v1/articles/metformin/versions", "/api/v1/articles", "/api/v1/changes", "/api/v1/search", "/api/v1/infobutton"], paths);
    }

    [Theory]
    [InlineData("--purge-front-door", "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/endpoints/classic")]
    [InlineData("--arm-url", "http://management.example.com")]
    public async Task AMalformedPurgeTargetIsAUsageError(string option, string value)
    {
        var run = await CliRunner.RunAsync(["retract", "prediabetes", "2", "--reason", "r", "--connection-string", azurite.ConnectionString, option, value]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    private async Task<Azure.Storage.Blobs.BlobContainerClient> PublishedAsync()
    {
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        return container;
    }

    private Task<CliRun> RetractAsync(Azure.Storage.Blobs.BlobContainerClient container, TokenCredential credential) =>
        CliRunner.RunAsync(null, credential,
            "retract", "prediabetes", "2", "--reason", "The dosage table was wrong.",
            "--connection-string", azurite.ConnectionString, "--container", container.Name,
            "--purge-front-door", Endpoint, "--arm-url", _armUrl.ToString(), "--purge-delay", "0");

    private static TokenCredential Credential(string token)
    {
        var credential = Substitute.For<TokenCredential>();
        var issued = new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
#pragma warning disable CA2012 // NSubstitute configures the call; the ValueTask is never awaited here.
        credential.GetTokenAsync(Arg.Any<TokenRequestContext>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<AccessToken>(issued));
#pragma warning restore CA2012
        return credential;
    }

    private sealed record Call(string Method, string Path, string ApiVersion, string Authorization, string? ContentType, string Body);
}
